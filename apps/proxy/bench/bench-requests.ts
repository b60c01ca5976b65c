/**
 * The bench's requests: the captured Claude Code first turn and a small request, each as JSON and
 * streamed, as the client sends them to ccp, and what ccp sends upstream for them (recorded through
 * a throw-away proxy, for the direct side and the forwarding floor).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream } from '@ccp/fake-upstream';
import { startProxyProcess } from './bench-processes';
import { type BenchRequest, openPool, timeWhole } from './load-generator';

const here = dirname(fileURLToPath(import.meta.url));

type CapturedRequest = { run: string; headers: Record<string, string> };
const firstTurn = JSON.parse(
  readFileSync(join(here, '__fixtures__', 'claude-code-first-turn.json'), 'utf8'),
) as Record<string, unknown>;
const captured = JSON.parse(
  readFileSync(join(here, '__fixtures__', 'claude-code-requests.json'), 'utf8'),
) as CapturedRequest[];
export const claudeHeaders: Record<string, string> = {};
for (const [name, value] of Object.entries(captured[captured.length - 1]?.headers ?? {})) {
  if (['host', 'content-length', 'connection', 'accept-encoding', 'x-api-key'].includes(name)) continue;
  claudeHeaders[name] = value;
}
claudeHeaders['x-api-key'] = 'bench';
claudeHeaders['content-type'] = 'application/json';

export const smallRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Say hello to the benchmark in one short sentence.' }],
};

export type CaseName = 'big-json' | 'big-stream' | 'small-json' | 'small-stream';
export const anthropicBodies: Record<CaseName, string> = {
  'big-json': JSON.stringify({ ...firstTurn, stream: false }),
  'big-stream': JSON.stringify({ ...firstTurn, stream: true }),
  'small-json': JSON.stringify({ ...smallRequest, stream: false }),
  'small-stream': JSON.stringify({ ...smallRequest, stream: true }),
};
export const caseNames = Object.keys(anthropicBodies) as CaseName[];

export function proxiedRequest(name: CaseName): BenchRequest {
  return {
    path: '/v1/messages?beta=true',
    headers: claudeHeaders,
    body: anthropicBodies[name],
    wire: name.endsWith('stream') ? 'anthropic' : 'json',
  };
}

/** What the proxy really sends upstream for each case, recorded through a throw-away proxy. */
export async function recordDirectRequests(): Promise<Record<CaseName, BenchRequest>> {
  const recorder = await startFakeUpstream({ record: true });
  const proxy = await startProxyProcess({ upstreamUrl: recorder.url });
  const pool = openPool(proxy.url, 1);
  const direct = {} as Record<CaseName, BenchRequest>;
  try {
    for (const name of caseNames) {
      recorder.reset();
      const request = proxiedRequest(name);
      await timeWhole(pool, request);
      const seen = recorder.requests.find((entry) => entry.route === 'chat-completions');
      if (!seen) throw new Error(`the proxy sent nothing upstream for ${name}`);
      const headers: Record<string, string> = {};
      for (const header of ['content-type', 'authorization', 'accept', 'user-agent']) {
        const value = seen.headers[header];
        if (value !== undefined) headers[header] = value;
      }
      const query = new URLSearchParams(seen.query).toString();
      direct[name] = {
        path: query ? `${seen.path}?${query}` : seen.path,
        headers,
        body: seen.rawBody,
        wire: name.endsWith('stream') ? 'openai' : 'json',
      };
    }
  } finally {
    await pool.close();
    await proxy.stop();
    await recorder.close();
  }
  return direct;
}
