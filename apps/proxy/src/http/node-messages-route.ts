import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type MessagesAnswer,
  type MessagesCall,
  pumpSse,
  readNodeRequestBody,
  type SseSink,
} from '@ccp/gateway';
import type { ClientAdmission } from '../auth/admit-client';
import type { HeaderSource } from '../auth/api-key';
import type { HostCheck } from '../auth/host-check';
import { writeErrorResponse } from './render-error';

export type NodeMessagesRouteOptions = {
  handle: (call: MessagesCall) => Promise<MessagesAnswer>;
  nextRequestId: () => string;
  /** The 403 for a Host header the proxy does not answer to, or null. */
  checkHost: HostCheck;
  /** The origin check, the key and the quota; records a refusal itself. */
  admit: ClientAdmission;
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
};

/** Whether a Node request is `POST /v1/messages` (Claude Code adds `?beta=true`). */
export function isMessagesRequest(request: IncomingMessage): boolean {
  if (request.method !== 'POST') return false;
  const url = request.url ?? '';
  return url === '/v1/messages' || url.startsWith('/v1/messages?');
}

/**
 * `POST /v1/messages` served on Node's request and response directly: the hot path skips the
 * web `Request`/`Response` objects and web streams that the Hono adapter builds for every
 * request, and writes SSE batches straight to the socket. Everything else, and `app.request`,
 * goes through Hono with the same handler, auth, Host and origin checks.
 */
export function createNodeMessagesRoute(options: NodeMessagesRouteOptions) {
  const { handle, admit, checkHost, log, nextRequestId } = options;

  return async function serveMessages(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const requestId = nextRequestId();
    const abort = new AbortController();
    let cancelStream: (() => void) | undefined;
    response.once('close', () => {
      if (response.writableFinished) return;
      abort.abort(new Error('client disconnected'));
      cancelStream?.();
    });
    try {
      // A foreign Host is refused before anything else, on every route: the request was not
      // addressed to this proxy (a page rebinding a name to it), so nothing records it.
      const hostRefusal = checkHost(headerValue(request, 'host'));
      if (hostRefusal) throw hostRefusal;
      const userId = await admit(nodeHeaders(request), { requestId, startedAt, messages: true });
      const answer = await handle({
        readBody: (maxBytes) => readNodeRequestBody(request, maxBytes),
        header: (name) => headerValue(request, name),
        signal: abort.signal,
        abort,
        userId,
        requestId,
      });
      if ('json' in answer) {
        response.writeHead(answer.status, answer.headers).end(answer.json);
        return;
      }
      response.writeHead(answer.status, answer.headers);
      const pump = pumpSse(answer.batches, nodeSink(response), answer.pump);
      if (abort.signal.aborted) pump.cancel();
      else cancelStream = pump.cancel;
      await pump.done;
    } catch (error) {
      writeErrorResponse(response, error, { requestId, log });
    }
  };
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A Node request's headers read like web `Headers`. */
export function nodeHeaders(request: IncomingMessage): HeaderSource {
  return { get: (name) => headerValue(request, name.toLowerCase()) ?? null };
}

function nodeSink(response: ServerResponse): SseSink {
  return {
    write: (text) => response.write(text),
    drained: () =>
      new Promise<void>((resolve) => {
        if (response.destroyed) return resolve();
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.on('drain', done);
        response.on('close', done);
      }),
    end: (text) => {
      if (!response.destroyed) response.end(text);
    },
  };
}
