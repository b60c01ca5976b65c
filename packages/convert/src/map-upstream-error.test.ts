import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mapUpstreamHttpError, mapUpstreamNetworkError } from './map-upstream-error';

describe('mapUpstreamHttpError', () => {
  it.each([
    [400, 400, 'invalid_request_error'],
    [401, 401, 'authentication_error'],
    [402, 402, 'billing_error'],
    [403, 403, 'permission_error'],
    [404, 404, 'not_found_error'],
    [408, 504, 'timeout_error'],
    [413, 413, 'request_too_large'],
    [422, 400, 'invalid_request_error'],
    [429, 429, 'rate_limit_error'],
    [500, 500, 'api_error'],
    [502, 529, 'overloaded_error'],
    [503, 529, 'overloaded_error'],
    [504, 504, 'timeout_error'],
  ] as const)('upstream %i becomes %i %s', (upstream, status, type) => {
    const error = mapUpstreamHttpError({
      status: upstream,
      bodyText: JSON.stringify({ error: { message: 'something failed', type: 'x' } }),
    });
    expect(error.status).toBe(status);
    expect(error.errorType).toBe(type);
    expect(error.message).toContain(`Upstream provider returned ${upstream}: something failed`);
  });

  it('reads OpenAI errors and names what to do', () => {
    const error = mapUpstreamHttpError({
      status: 404,
      bodyText: JSON.stringify({
        error: {
          message: 'The model `gpt-9` does not exist or you do not have access to it.',
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        },
      }),
    });
    expect(error.message).toBe(
      'Upstream provider returned 404: The model `gpt-9` does not exist or you do not have access to it. Check the model name and the provider base URL',
    );
  });

  it('reads OpenRouter errors with provider metadata', () => {
    const error = mapUpstreamHttpError({
      status: 502,
      bodyText: JSON.stringify({
        error: {
          message: 'Provider returned error',
          code: 502,
          metadata: {
            provider_name: 'Fireworks',
            raw: '{"error":{"message":"model overloaded, try later"}}',
          },
        },
      }),
    });
    expect(error.status).toBe(529);
    expect(error.errorType).toBe('overloaded_error');
    expect(error.message).toContain('Fireworks: Provider returned error | model overloaded, try later');
  });

  it('reads Ollama string errors and vLLM top-level messages', () => {
    expect(
      mapUpstreamHttpError({
        status: 404,
        bodyText: '{"error":"model \\"qwen3\\" not found, try pulling it first"}',
      }).message,
    ).toContain('model "qwen3" not found, try pulling it first');
    expect(
      mapUpstreamHttpError({
        status: 400,
        bodyText: '{"object":"error","message":"bad temperature","type":"BadRequestError","code":400}',
      }).message,
    ).toContain(': bad temperature');
  });

  it('summarises HTML error pages without markup', () => {
    const error = mapUpstreamHttpError({
      status: 502,
      bodyText:
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad Gateway</h1></body></html>',
    });
    expect(error.message).toContain('HTML error page: 502 Bad Gateway');
    expect(error.message).not.toContain('<');
  });

  it('handles plain text and empty bodies', () => {
    expect(mapUpstreamHttpError({ status: 500, bodyText: 'Internal   Server\nError' }).message).toContain(
      'Upstream provider returned 500: Internal Server Error',
    );
    const empty = mapUpstreamHttpError({ status: 503, bodyText: '' });
    expect(empty.message).toContain('no error details');
    expect(empty.status).toBe(529);
  });

  it('keeps retry headers from a Headers object or a record', () => {
    const fromHeaders = mapUpstreamHttpError({
      status: 429,
      bodyText: '{"error":{"message":"Rate limit reached for requests"}}',
      headers: new Headers({ 'Retry-After': '20', 'x-should-retry': 'true', 'x-request-id': 'abc' }),
    });
    expect(fromHeaders.headers).toEqual({ 'retry-after': '20', 'x-should-retry': 'true' });
    const fromRecord = mapUpstreamHttpError({
      status: 429,
      bodyText: '',
      headers: { 'Retry-After-Ms': ['1500'], other: 'x' },
    });
    expect(fromRecord.headers).toEqual({ 'retry-after-ms': '1500' });
    expect(mapUpstreamHttpError({ status: 500, bodyText: '', headers: {} }).headers).toBeUndefined();
  });

  it('redacts keys and truncates long messages', () => {
    const error = mapUpstreamHttpError({
      status: 401,
      bodyText: JSON.stringify({
        error: { message: `Incorrect API key provided: sk-proj-abcdefghijklmnop1234. ${'x'.repeat(5000)}` },
      }),
    });
    expect(error.message).not.toContain('sk-proj-abcdefghijklmnop1234');
    expect(error.message).toContain('sk-[redacted]');
    expect(error.message.length).toBeLessThan(900);
    expect(error.message).toContain('Check the API key');
  });

  it('does not take a rate limit on tokens per minute for a context overflow', () => {
    const error = mapUpstreamHttpError({
      status: 429,
      bodyText:
        '{"error":{"message":"Request too large for gpt-4o on tokens per min (TPM): Limit 30000, Requested 45000. The input or output tokens must be reduced in order to run successfully.","code":"rate_limit_exceeded"}}',
    });
    expect(error.status).toBe(429);
    expect(error.message).not.toContain('prompt is too long');
  });
});

describe('mapUpstreamHttpError: context window overflow', () => {
  it.each([
    [
      'OpenAI',
      '{"error":{"message":"This model\'s maximum context length is 128000 tokens. However, you requested 130532 tokens (66532 in the messages, 64000 in the completion). Please reduce the length of the messages or completion.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}',
      'prompt is too long: 130532 tokens > 128000 maximum',
    ],
    [
      'OpenRouter',
      '{"error":{"message":"This endpoint\'s maximum context length is 200000 tokens. However, you requested about 250123 tokens (186123 of text input, 64000 in the output). Please reduce the length of either one, or use the \\"middle-out\\" transform to compress your prompt automatically.","code":400}}',
      'prompt is too long: 250123 tokens > 200000 maximum',
    ],
    [
      'vLLM',
      '{"object":"error","message":"This model\'s maximum context length is 32768 tokens. However, you requested 40000 tokens in the messages, Please reduce the length of the messages.","type":"BadRequestError","param":null,"code":400}',
      'prompt is too long: 40000 tokens > 32768 maximum',
    ],
    [
      'llama.cpp',
      '{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}',
      'prompt is too long: 5000 tokens > 4096 maximum',
    ],
    [
      'Anthropic via a gateway',
      '{"error":{"message":"prompt is too long: 208310 tokens > 200000 maximum"}}',
      'prompt is too long: 208310 tokens > 200000 maximum',
    ],
  ])('%s wording becomes Claude Code wording', (_name, bodyText, expected) => {
    const error = mapUpstreamHttpError({ status: 400, bodyText });
    expect(error.status).toBe(400);
    expect(error.errorType).toBe('invalid_request_error');
    expect(error.message.startsWith(expected)).toBe(true);
  });

  it('uses the caller estimate when the upstream names only its limit', () => {
    const bodyText =
      '{"error":{"message":"Input exceeds the context window of 65536 tokens","code":"context_length_exceeded"}}';
    expect(mapUpstreamHttpError({ status: 400, bodyText, estimatedPromptTokens: 70000 }).message).toMatch(
      /^prompt is too long: 70000 tokens > 65536 maximum/,
    );
    expect(mapUpstreamHttpError({ status: 400, bodyText }).message).toMatch(
      /^prompt is too long: the request exceeds the upstream model's context window of 65536 tokens/,
    );
  });

  it('flags an overflow without numbers by its code', () => {
    const error = mapUpstreamHttpError({
      status: 400,
      bodyText: '{"error":{"message":"Your input exceeds the limit.","code":"context_length_exceeded"}}',
    });
    expect(error.message).toMatch(
      /^prompt is too long: the request exceeds the upstream model's context window \(/,
    );
  });
});

describe('mapUpstreamNetworkError', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function listen(handler: (request: IncomingMessage) => void): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function failedFetch(url: string, init?: RequestInit): Promise<unknown> {
    try {
      await fetch(url, init);
    } catch (error) {
      return error;
    }
    throw new Error('fetch did not fail');
  }

  it('a refused connection is 529 overloaded and says what to check', async () => {
    const url = await listen(() => {});
    const closing = servers.pop()!;
    await new Promise((resolve) => closing.close(resolve));
    const error = mapUpstreamNetworkError(await failedFetch(`${url}/v1/chat/completions`), { baseUrl: url });
    expect(error.status).toBe(529);
    expect(error.errorType).toBe('overloaded_error');
    expect(error.message).toBe(
      `Cannot reach the upstream provider at ${url} (connection refused, ECONNREFUSED). Is the provider running at ${url}? Check PROVIDER_BASE_URL.`,
    );
  });

  it('a socket closed by the provider is 529', async () => {
    const url = await listen((request) => request.socket.destroy());
    const error = mapUpstreamNetworkError(await failedFetch(url), { baseUrlSetting: 'OPENAI_BASE_URL' });
    expect(error.status).toBe(529);
    expect(error.message).toMatch(/^Cannot reach the upstream provider \(/);
    expect(error.message).toContain('Check OPENAI_BASE_URL');
  });

  it('a timeout is 504 timeout_error naming the limit', async () => {
    const url = await listen(() => {});
    const error = mapUpstreamNetworkError(await failedFetch(url, { signal: AbortSignal.timeout(50) }), {
      timeoutMs: 50,
    });
    expect(error.status).toBe(504);
    expect(error.errorType).toBe('timeout_error');
    expect(error.message).toContain('did not answer after 50 ms');
  });

  it.each([
    ['ENOTFOUND', 'host name not found', 'Check the host name in PROVIDER_BASE_URL'],
    ['ECONNRESET', 'connection reset', 'Is the provider running?'],
  ])('%s in the cause chain is named', (code, description, advice) => {
    const cause = Object.assign(new Error(`getaddrinfo ${code} api.example`), { code });
    const error = mapUpstreamNetworkError(new TypeError('fetch failed', { cause }));
    expect(error.status).toBe(529);
    expect(error.message).toContain(`${description}, ${code}`);
    expect(error.message).toContain(advice);
  });

  it('socket hang up (node:http) and AggregateError causes are recognised', () => {
    expect(mapUpstreamNetworkError(new Error('socket hang up')).message).toContain('socket hang up');
    const aggregate = new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]);
    expect(mapUpstreamNetworkError(new TypeError('fetch failed', { cause: aggregate })).message).toContain(
      'ECONNREFUSED',
    );
  });

  it('header timeouts are 504, an AbortError is 504, unknown errors are 529 without secrets', () => {
    const headersTimeout = Object.assign(new Error('Headers Timeout Error'), {
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });
    expect(mapUpstreamNetworkError(new TypeError('fetch failed', { cause: headersTimeout })).status).toBe(
      504,
    );
    expect(mapUpstreamNetworkError(new DOMException('aborted', 'AbortError')).status).toBe(504);
    const unknown = mapUpstreamNetworkError(new Error('weird failure with Bearer abcdefghijk'));
    expect(unknown.status).toBe(529);
    expect(unknown.message).not.toContain('abcdefghijk');
  });
});

describe('known secrets in upstream errors', () => {
  const secret = 'correct-horse-battery-staple-42';

  it.each([
    [JSON.stringify({ error: { message: `Incorrect API key provided: ${secret}.` } })],
    [
      JSON.stringify({
        error: { message: `Incorrect API key provided: ${secret.slice(0, 8)}*************e-42.` },
      }),
    ],
    [`<html><title>Denied for ${secret}</title></html>`],
  ])('replaces them in HTTP errors: %s', (bodyText) => {
    const error = mapUpstreamHttpError({ status: 401, bodyText, secrets: [secret] });
    expect(error.status).toBe(401);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(secret.slice(0, 8));
    // Without the secret, the format alone does not give it away: the option is what protects it.
    expect(mapUpstreamHttpError({ status: 401, bodyText }).message).toContain(secret.slice(0, 8));
  });

  it('replaces them in network errors', () => {
    const error = mapUpstreamNetworkError(new Error(`proxy refused credentials ${secret}`), {
      secrets: [secret],
    });
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(secret.slice(0, 8));
  });
});
