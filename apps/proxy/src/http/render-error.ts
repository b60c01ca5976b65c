import type { ServerResponse } from 'node:http';
import { AnthropicApiError, isAnthropicApiError } from '@ccp/convert';

export type ErrorLog = (level: 'error', message: string) => void;

/**
 * Any failure as the Anthropic error the client gets: known failures keep their status and type;
 * a body that is not JSON is a 400; anything else is a logged 500 that shows no internals (no
 * stack, no message that might hold a secret). Every route, Node's and Hono's, answers through
 * this one function, and every answer carries the request id when there is one.
 */
export function renderError(
  error: unknown,
  options: { requestId?: string | undefined; log?: ErrorLog | undefined } = {},
): { status: number; headers: Record<string, string>; body: string } {
  let apiError: AnthropicApiError;
  if (isAnthropicApiError(error)) apiError = error;
  else if (error instanceof SyntaxError) {
    apiError = AnthropicApiError.fromStatus(400, 'The request body is not valid JSON.');
  } else {
    options.log?.('error', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    apiError = AnthropicApiError.fromStatus(500, 'Internal proxy error: see the ccp log for details.');
  }
  return {
    status: apiError.status,
    headers: {
      'content-type': 'application/json',
      ...apiError.headers,
      // Like Anthropic's API, errors carry the request id the feed and metering know the request by.
      ...(options.requestId ? { 'request-id': options.requestId } : {}),
    },
    body: JSON.stringify(apiError.toBody()),
  };
}

/** {@link renderError} as a web `Response` (Hono's `onError`, `app.request`). */
export function errorResponse(error: unknown, options?: Parameters<typeof renderError>[1]): Response {
  const { status, headers, body } = renderError(error, options);
  return new Response(body, { status, headers });
}

/** {@link renderError} written to a Node response; a response already under way is cut off instead. */
export function writeErrorResponse(
  response: ServerResponse,
  error: unknown,
  options: Parameters<typeof renderError>[1],
): void {
  const rendered = renderError(error, options);
  if (response.destroyed || response.writableEnded) return;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(rendered.status, rendered.headers).end(rendered.body);
}
