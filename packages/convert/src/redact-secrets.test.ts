import { describe, expect, it } from 'vitest';
import { redactSecrets, truncateText } from './redact-secrets';

describe('redactSecrets', () => {
  it.each([
    ['Incorrect API key provided: sk-proj-abcDEF1234567890xyz.', 'sk-proj-abcDEF1234567890xyz'],
    ['key sk-or-v1-0123456789abcdef0123456789abcdef is invalid', 'sk-or-v1-0123456789abcdef'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['GET https://x.test/v1?api_key=abcd1234efgh failed', 'abcd1234efgh'],
    ['{"api-key": "0123456789abcdef"}', '0123456789abcdef'],
    ['https://user:hunter22@proxy.local:8080/v1', 'hunter22'],
    ['google key AIzaSyA1234567890abcdefghijklmnop', 'AIzaSyA1234567890abcdefghijklmnop'],
  ])('removes the secret from %j', (text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'The model `gpt-4o` does not exist or you do not have access to it.';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('truncateText', () => {
  it('keeps short text and cuts long text with a marker', () => {
    expect(truncateText('short', 10)).toBe('short');
    const cut = truncateText('a'.repeat(50), 10);
    expect(cut.length).toBe(10);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('redactSecrets with keyLikeRuns (log lines)', () => {
  it('also hides bare key= values and long letter-digit runs', () => {
    const line = 'key=abcd1234 token a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8 sk-or-v1-abcdef123456';
    expect(redactSecrets(line, { keyLikeRuns: true })).toBe('key=[redacted] token [redacted] sk-[redacted]');
    expect(redactSecrets(line)).toBe('key=abcd1234 token a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8 sk-[redacted]');
  });
});

describe('redactSecrets with the known secrets', () => {
  const secret = 'correct-horse-battery-staple-42';
  const secrets = ['short', secret, 'admin-key-0001'];

  it.each([
    [
      `Incorrect API key provided: ${secret}. You can find your API key at ...`,
      'Incorrect API key provided: [redacted]. You can find your API key at ...',
    ],
    [
      `Incorrect API key provided: ${secret.slice(0, 8)}**********************e-42`,
      'Incorrect API key provided: [redacted]',
    ],
    [`key ${secret.slice(0, 10)}… rejected`, 'key [redacted] rejected'],
    [`key ${secret.slice(0, 12)}`, 'key [redacted]'],
    [`two: ${secret} and admin-key-0001!`, 'two: [redacted] and [redacted]!'],
    ['"x-api-key":"admin-key-0001"', '"x-api-key":"[redacted]"'],
  ])('hides them in %j', (text, expected) => {
    expect(redactSecrets(text, { secrets })).toBe(expected);
  });

  it('leaves text alone that holds less than the start of a secret, and ignores secrets under 6 characters', () => {
    const text = 'a short correct horse answer';
    expect(redactSecrets(text, { secrets })).toBe(text);
  });
});

describe('redactSecrets with a key made of ordinary words', () => {
  const secrets = ['upstream-secret-XYZ'];

  it.each([
    'Every upstream endpoint for this request failed repeatedly and is paused',
    'WARN upstream http://127.0.0.1:9999/v1: circuit closed → open',
    'waiting for upstream... upstream-server answered; upstream- and Upstream too',
    'the **upstream** said so, and so did the upstream…',
  ])('leaves the words of %j alone', (line) => {
    expect(redactSecrets(line, { secrets, keyLikeRuns: true })).toBe(line);
  });

  it.each([
    ['Incorrect API key provided: upstream-secret-XYZ.', 'Incorrect API key provided: [redacted].'],
    ['Incorrect API key provided: upstream****XYZ', 'Incorrect API key provided: [redacted]'],
    ['key upstream-sec… rejected', 'key [redacted] rejected'],
    ['key upstream-secret', 'key [redacted]'],
    ['key upstream********** rejected', 'key [redacted] rejected'],
  ])('still hides the key and its echoed forms in %j', (text, expected) => {
    expect(redactSecrets(text, { secrets })).toBe(expected);
  });
});
