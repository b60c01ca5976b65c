import { resolveSettings } from '@ccp/config';
import { redactSecrets } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { configuredSecrets, secretEncodings } from './configured-secrets';

const key = 'upstream-secret-XYZ';
const settings = resolveSettings({ PROVIDER_BASE_URL: 'https://api.example.com/v1', PROVIDER_API_KEY: key });

describe('configuredSecrets', () => {
  it('holds the key and its encoded forms, each once', () => {
    const secrets = configuredSecrets(settings);
    expect(secrets[0]).toBe(key);
    expect(secrets).toEqual([...new Set(secrets)]);
    expect(secrets).toContain(Buffer.from(key).toString('base64').slice(0, 24));
  });

  it('masks the key URL-encoded, JSON-escaped and in base64 at every alignment', () => {
    const odd = 'k3y/with+signs"and\\slashes';
    const secrets = configuredSecrets(
      resolveSettings({ PROVIDER_API_KEY: odd, PROVIDER_BASE_URL: 'https://a.example/v1' }),
    );
    const quoted = [
      `GET /v1/models?key=${encodeURIComponent(odd)}&x=1`,
      `{"detail":${JSON.stringify(`bad key ${odd}`)}}`,
    ];
    for (const text of quoted) {
      const redacted = redactSecrets(text, { secrets });
      expect(redacted).toContain('[redacted]');
      expect(redacted).not.toContain(encodeURIComponent(odd).slice(0, 12));
      expect(redacted).not.toContain(JSON.stringify(odd).slice(1, 13));
    }
    for (const user of ['', 'a:', 'ab:', 'abc:']) {
      const encoded = Buffer.from(`${user}${key}`).toString('base64');
      for (const text of [
        `auth ${encoded} done`,
        `auth ${encoded.replace(/\+/g, '-').replace(/\//g, '_')} done`,
      ]) {
        const redacted = redactSecrets(text, { secrets: configuredSecrets(settings) });
        expect(redacted, text).toContain('[redacted]');
        // Left around the mask: the user part, and a few characters that each mix in a neighbour's bits.
        const left = redacted.replace('auth ', '').replace(' done', '').replace('[redacted]', '');
        expect(left.length, text).toBeLessThanOrEqual(Math.ceil((user.length * 4) / 3) + 6);
      }
    }
  });

  it('leaves ordinary log lines alone', () => {
    const secrets = configuredSecrets(settings);
    for (const line of [
      'Every upstream endpoint for this request failed repeatedly and is paused',
      'WARN upstream http://127.0.0.1:9999/v1: circuit closed → open (5 failures in a row)',
      'upstream-server answered 200 in 12 ms',
    ]) {
      expect(redactSecrets(line, { secrets, keyLikeRuns: true })).toBe(line);
    }
  });
});

describe('secretEncodings', () => {
  it('gives only forms that differ from the key and are long enough to tell from text', () => {
    for (const form of secretEncodings('abcdef')) {
      expect(form).not.toBe('abcdef');
      expect(form.length).toBeGreaterThanOrEqual(8);
    }
    expect(secretEncodings('plain-key-1234')).not.toContain('plain-key-1234');
    expect(secretEncodings('a/b+c=d/e')).toContain('a%2Fb%2Bc%3Dd%2Fe');
  });
});
