/**
 * Records what the real Claude Code CLI sends to an Anthropic-compatible base URL.
 *
 * Starts a tiny Anthropic look-alike on 127.0.0.1 (any free port), runs the installed CLI
 * against it with a throw-away HOME and working directory, and writes every request it saw
 * (secrets redacted, temp paths scrubbed) to bench/__fixtures__/:
 *   - claude-code-first-turn.json: the biggest main-turn body (tool search off: every tool inline)
 *   - claude-code-requests.json: every request of both runs, in order (run, method, path, headers, body)
 * The CLI runs twice: as installed, and with ENABLE_TOOL_SEARCH=false. The first main turn is
 * answered with a Bash tool call so the CLI also sends a second turn carrying a tool_result.
 *
 * @example
 *   pnpm --filter @ccp/proxy exec tsx bench/capture-claude-code.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CapturedRequest {
  run?: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: unknown;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '__fixtures__');
const claudeBinary = join(here, '..', 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');
const secretHeaders = new Set(['x-api-key', 'authorization', 'proxy-authorization', 'cookie']);
/** Which CLI run a request came from: the CLI as installed, and with tool search turned off. */
const runs: Array<{ label: string; environment: Record<string, string> }> = [
  { label: 'default', environment: {} },
  { label: 'ENABLE_TOOL_SEARCH=false', environment: { ENABLE_TOOL_SEARCH: 'false' } },
];
const captured: Array<CapturedRequest & { run: string }> = [];
let currentRun = 'default';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

function estimateTokens(body: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(body ?? '').length / 4));
}

function sse(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The first main turn gets a Bash tool call, so the CLI runs it and sends a second turn with its result. */
function wantsToolCall(body: Record<string, unknown>): boolean {
  const tools = Array.isArray(body.tools) ? (body.tools as Array<{ name?: unknown }>) : [];
  if (!tools.some((tool) => tool.name === 'Bash')) return false;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return !JSON.stringify(messages).includes('"tool_result"');
}

function answerWithToolCall(
  response: ServerResponse,
  body: Record<string, unknown>,
  id: string,
  model: string,
  inputTokens: number,
): void {
  const toolUse = {
    type: 'tool_use',
    id: 'toolu_capture_1',
    name: 'Bash',
    input: { command: 'echo hello', description: 'Print hello' },
  };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [toolUse],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 20 },
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  sse(response, 'message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 1 },
    },
  });
  sse(response, 'content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'tool_use', id: toolUse.id, name: toolUse.name, input: {} },
  });
  sse(response, 'content_block_delta', {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'input_json_delta', partial_json: JSON.stringify(toolUse.input) },
  });
  sse(response, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  sse(response, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { input_tokens: inputTokens, output_tokens: 20 },
  });
  sse(response, 'message_stop', { type: 'message_stop' });
  response.end();
}

function answerMessages(response: ServerResponse, body: Record<string, unknown>): void {
  const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5';
  const id = `msg_capture_${captured.length}`;
  const inputTokens = estimateTokens(body);
  if (wantsToolCall(body)) {
    answerWithToolCall(response, body, id, model, inputTokens);
    return;
  }
  if (body.stream === true) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    sse(response, 'message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    });
    sse(response, 'content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    sse(response, 'ping', { type: 'ping' });
    sse(response, 'content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'Captured.' },
    });
    sse(response, 'content_block_stop', { type: 'content_block_stop', index: 0 });
    sse(response, 'message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: inputTokens, output_tokens: 3 },
    });
    sse(response, 'message_stop', { type: 'message_stop' });
    response.end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: 'Captured.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 3 },
    }),
  );
}

const server = createServer(async (request, response) => {
  const raw = await readBody(request);
  let body: unknown = raw;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw);
    } catch {
      // keep the raw text: a non-JSON body is worth recording as it came
    }
  } else {
    body = null;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = secretHeaders.has(name) ? '[redacted]' : value;
  }
  captured.push({
    run: currentRun,
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers,
    body,
  });
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'HEAD' || (request.method === 'GET' && path === '/')) {
    response.writeHead(200).end();
    return;
  }
  if (request.method === 'POST' && path === '/v1/messages/count_tokens') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ input_tokens: estimateTokens(body) }));
    return;
  }
  if (request.method === 'POST' && path === '/v1/messages' && body && typeof body === 'object') {
    answerMessages(response, body as Record<string, unknown>);
    return;
  }
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `No route for ${path}` } }),
  );
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const home = mkdtempSync(join(tmpdir(), 'ccp-capture-home-'));
const workDirectory = mkdtempSync(join(tmpdir(), 'ccp-capture-work-'));

function runClaude(extraEnvironment: Record<string, string>): Promise<number | null> {
  return new Promise<number | null>((resolve) => {
    const child = spawn(
      claudeBinary,
      ['-p', 'Run `echo hello` and tell me what it printed', '--allowedTools', 'Bash(echo:*)'],
      {
        cwd: workDirectory,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
          ANTHROPIC_API_KEY: 'capture-key',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_AUTOUPDATER: '1',
          ...extraEnvironment,
        },
      },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const exitCodes: string[] = [];
for (const run of runs) {
  currentRun = run.label;
  exitCodes.push(`${run.label}: ${await runClaude(run.environment)}`);
}
server.close();

// Scrub what ties the capture to this machine: temp folders, user name, host name, port.
const username = userInfo().username;
const machine = hostname();
function scrub(text: string): string {
  let result = text
    .replaceAll(workDirectory, '/tmp/work')
    .replaceAll(home, '/home/user')
    .replaceAll(`127.0.0.1:${port}`, '127.0.0.1:8082')
    .replace(/\/tmp\/ccp-capture-(work|home)-[A-Za-z0-9]+/g, (_match, kind: string) =>
      kind === 'work' ? '/tmp/work' : '/home/user',
    )
    // the CLI's per-project folder name is the working directory with slashes turned into dashes
    .replace(/-tmp-ccp-capture-work-[A-Za-z0-9]+/g, '-tmp-work')
    .replace(/OS Version: [^\\]+/g, 'OS Version: Linux 6.1.0')
    .replace(/(device_id\\+":\\+")[0-9a-f]{16,}/g, (_match, prefix: string) => `${prefix}${'0'.repeat(64)}`);
  if (machine.length > 2) result = result.replaceAll(machine, 'host');
  if (username.length > 2 && username !== 'root') result = result.replaceAll(username, 'user');
  return result;
}
const scrubbed = JSON.parse(scrub(JSON.stringify(captured))) as Array<CapturedRequest & { run: string }>;

function isMainTurn(entry: CapturedRequest): boolean {
  const body = entry.body as { model?: unknown; tools?: unknown } | null;
  return (
    entry.path.startsWith('/v1/messages') &&
    !entry.path.startsWith('/v1/messages/count_tokens') &&
    typeof body?.model === 'string' &&
    /opus|sonnet/.test(body.model) &&
    Array.isArray(body.tools) &&
    body.tools.length > 5
  );
}
// The benchmark wants the biggest first turn: the one with every tool schema inline.
const firstTurns = runs
  .map((run) => scrubbed.find((entry) => entry.run === run.label && isMainTurn(entry)))
  .filter((entry): entry is CapturedRequest & { run: string } => entry !== undefined)
  .sort((left, right) => JSON.stringify(right.body).length - JSON.stringify(left.body).length);
const mainTurn = firstTurns[0];
writeFileSync(join(fixtures, 'claude-code-requests.json'), `${JSON.stringify(scrubbed, null, 2)}\n`);
if (mainTurn) {
  writeFileSync(join(fixtures, 'claude-code-first-turn.json'), `${JSON.stringify(mainTurn.body, null, 2)}\n`);
}
rmSync(home, { recursive: true, force: true });
rmSync(workDirectory, { recursive: true, force: true });
process.stdout.write(
  `claude exited with ${exitCodes.join(', ')}; captured ${scrubbed.length} requests; main turn ${mainTurn ? `from run "${mainTurn.run}"` : 'NOT found'}\n`,
);
