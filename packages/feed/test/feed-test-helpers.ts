import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestEventInput, RequestStartEvent } from '../src/feed-events';

/** Starts a bare http server on 127.0.0.1 (port 0 unless given) for feed tests. */
export async function startHttpServer(port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function stopHttpServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Polls until `check` is true; fails with `message` after `attempts` tries. */
export async function waitFor(check: () => boolean, message: string, attempts = 500): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting: ${message}`);
}

export function phaseInput(requestId: string, at: number, padding = ''): RequestEventInput {
  // `padding` inflates the message to fill a slow subscriber's buffer quickly.
  return { type: 'request-phase', requestId: requestId + padding, phase: 'wait', at };
}

export function startInput(
  requestId: string,
  sessionId: string | null = null,
): Omit<RequestStartEvent, 'seq'> {
  return {
    type: 'request-start',
    requestId,
    sessionId,
    claudeModel: 'claude-sonnet-4-6',
    routedModel: 'gpt-4.1',
    provider: 'openai',
    endpoint: 'https://api.openai.com/v1',
    streamed: true,
    startedAt: 1_764_160_000_000,
    estimatedInputTokens: 1200,
    contextWindow: 128_000,
    maxOutputTokens: 8192,
    reasoning: { effort: null, budgetTokens: null },
    route: 'middle',
  };
}
