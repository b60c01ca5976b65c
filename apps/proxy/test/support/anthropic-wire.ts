import { request as httpRequest } from 'node:http';
import type { AnthropicStreamEvent } from '@ccp/convert';
import { assertAnthropicStreamInvariants } from '@ccp/convert/testing';
import { expect } from 'vitest';

/** Anthropic error types and the status each one goes with, as Anthropic's API documents them. */
export const STATUS_BY_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export type AnthropicErrorEnvelope = { type: 'error'; error: { type: string; message: string } };

/** A stack frame as V8 prints it: the sign a message leaks internals. */
export const STACK_FRAME =
  /\n\s+at |\bat (?:async )?[\w.<>$]+ \([^)]*:\d+:\d+\)|node:internal|\/node_modules\//;

/**
 * Asserts that `text` is Anthropic's error envelope whose type matches `status`, with a useful
 * message and no stack trace, and returns it.
 */
export function expectAnthropicErrorBody(status: number, text: string): AnthropicErrorEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`status ${status} came with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  expect(body).toMatchObject({
    type: 'error',
    error: { type: expect.any(String), message: expect.any(String) },
  });
  const envelope = body as AnthropicErrorEnvelope;
  expect(Object.keys(envelope).sort()).toEqual(['error', 'type']);
  expect(
    STATUS_BY_ERROR_TYPE[envelope.error.type],
    `unknown error type ${envelope.error.type}`,
  ).toBeDefined();
  expect({ status, type: envelope.error.type }).toEqual({
    status: STATUS_BY_ERROR_TYPE[envelope.error.type],
    type: envelope.error.type,
  });
  expect(envelope.error.message.length).toBeGreaterThan(10);
  expect(envelope.error.message).not.toMatch(STACK_FRAME);
  return envelope;
}

/** Reads a fetch response and asserts it is a well-formed Anthropic error. */
export async function expectAnthropicError(
  response: Response,
  status?: number,
  type?: string,
): Promise<AnthropicErrorEnvelope> {
  const text = await response.text();
  if (status !== undefined)
    expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status });
  expect(response.headers.get('content-type') ?? '').toContain('application/json');
  const envelope = expectAnthropicErrorBody(response.status, text);
  if (type !== undefined) expect(envelope.error.type).toBe(type);
  return envelope;
}

export type SseEvent = { event: string; data: unknown };

/** Parses an SSE body (as the proxy writes it) into events with JSON data. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) continue;
    events.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return events;
}

/** A minimal valid Messages request body; `marker` ends up in the upstream request's text. */
export function messagesBody(marker: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: `marker:${marker}` }],
    ...extra,
  };
}

export type RawResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

/**
 * Sends exact bytes with exact headers over a fresh connection (fetch cannot send a wrong
 * content-length or bytes that are not UTF-8 in a string body), and reads the whole answer.
 */
export function rawPost(
  url: string,
  path: string,
  body: Uint8Array | undefined,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers,
        agent: false,
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(parts),
          }),
        );
        response.on('error', reject);
      },
    );
    // The server may answer (413) and close before the whole body is written.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

/** Polls `condition` every 10 ms; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The rules of an Anthropic stream as the proxy sends it: either the full shape
 * (`assertAnthropicStreamInvariants`), or a lone `error` event, which Anthropic itself sends when
 * a request fails before the message starts (the proxy does so when the upstream's first answer
 * is unreadable after the 200 went out).
 */
export function checkProxyStream(
  events: readonly AnthropicStreamEvent[],
  requireValidToolJson = false,
): void {
  if (events.length === 1 && events[0]?.type === 'error') return;
  assertAnthropicStreamInvariants(events, { requireValidToolJson });
}

/**
 * Settings that make the proxy forward each request exactly once (no retries, no circuit
 * breaker), so a test's enqueued upstream answers map one to one onto client answers.
 */
export const SINGLE_ATTEMPT = { RETRY_MAX_ATTEMPTS: '1', CIRCUIT_BREAKER_THRESHOLD: '0' } as const;
