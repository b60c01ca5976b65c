import { describe, expect, it } from 'vitest';
import {
  AnthropicApiError,
  anthropicStatusForUpstreamStatus,
  errorTypeForStatus,
  isAnthropicApiError,
  statusForErrorType,
} from './anthropic-error';

describe('errorTypeForStatus', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [408, 'timeout_error'],
    [413, 'request_too_large'],
    [422, 'invalid_request_error'],
    [409, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [501, 'api_error'],
    [502, 'overloaded_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
    [520, 'api_error'],
    [529, 'overloaded_error'],
  ] as const)('%i → %s', (status, type) => {
    expect(errorTypeForStatus(status)).toBe(type);
  });
});

describe('statusForErrorType', () => {
  it.each([
    ['invalid_request_error', 400],
    ['authentication_error', 401],
    ['billing_error', 402],
    ['permission_error', 403],
    ['not_found_error', 404],
    ['request_too_large', 413],
    ['rate_limit_error', 429],
    ['api_error', 500],
    ['timeout_error', 504],
    ['overloaded_error', 529],
  ] as const)('%s → %i', (type, status) => {
    expect(statusForErrorType(type)).toBe(status);
  });
});

describe('anthropicStatusForUpstreamStatus', () => {
  it.each([
    [502, 529],
    [503, 529],
    [504, 504],
    [408, 504],
    [422, 400],
    [429, 429],
    [401, 401],
    [500, 500],
    [507, 500],
  ])('upstream %i → %i', (upstream, status) => {
    expect(anthropicStatusForUpstreamStatus(upstream)).toBe(status);
  });
});

describe('AnthropicApiError', () => {
  it('renders the Anthropic envelope', () => {
    const error = new AnthropicApiError('max_tokens: Field required', { status: 400 });
    expect(error.errorType).toBe('invalid_request_error');
    expect(error.toBody()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
  });

  it('derives the status from the type, and the type from the status', () => {
    expect(new AnthropicApiError('busy', { errorType: 'overloaded_error' }).status).toBe(529);
    expect(new AnthropicApiError('gone', { status: 404 }).errorType).toBe('not_found_error');
    expect(new AnthropicApiError('boom').status).toBe(500);
    expect(new AnthropicApiError('boom').errorType).toBe('api_error');
  });

  it('fromStatus picks the matching type', () => {
    const error = AnthropicApiError.fromStatus(429, 'slow down');
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(429);
    expect(error.errorType).toBe('rate_limit_error');
    expect(error.message).toBe('slow down');
  });

  it('renders a Response with status, headers and JSON body', async () => {
    const error = new AnthropicApiError('slow down', { status: 429, headers: { 'retry-after': '7' } });
    const response = error.toResponse();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down' },
    });
  });

  it('is recognised by isAnthropicApiError, plain errors are not', () => {
    expect(isAnthropicApiError(new AnthropicApiError('x'))).toBe(true);
    expect(isAnthropicApiError(new Error('x'))).toBe(false);
    expect(isAnthropicApiError({ status: 400 })).toBe(false);
  });

  it('masks anything that looks like a key', () => {
    const error = new AnthropicApiError('upstream said: invalid key sk-abcdef123456789');
    expect(error.message).toBe('upstream said: invalid key sk-[redacted]');
  });

  it('keeps the stack out of the body', () => {
    const body = JSON.stringify(new AnthropicApiError('bad', { status: 400 }).toBody());
    expect(body).not.toContain('at ');
    expect(body).not.toContain('.ts');
  });
});
