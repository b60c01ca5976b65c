import { describe, expect, it } from 'vitest';
import { describeEndpoint, upstreamTarget } from './upstream-target';

const endpoint = (baseUrl: string, extra: { apiKey?: string; azureApiVersion?: string } = {}) => ({
  baseUrl,
  apiKey: extra.apiKey,
  azureApiVersion: extra.azureApiVersion,
  provider: undefined,
});

describe('upstreamTarget', () => {
  it('appends /chat/completions and sends the key as a bearer token', () => {
    const target = upstreamTarget(endpoint('https://api.openai.com/v1/', { apiKey: 'sk-a' }), { 'X-Title': 'ccp' });
    expect(target.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(target.headers).toMatchObject({ authorization: 'Bearer sk-a', 'X-Title': 'ccp' });
  });

  it('keeps a query string that is part of the base URL', () => {
    const target = upstreamTarget(endpoint('http://gateway.local/v1?tenant=team-a'), {});
    expect(target.url).toBe('http://gateway.local/v1/chat/completions?tenant=team-a');
  });

  it('builds Azure deployment URLs with api-version and the api-key header', () => {
    const target = upstreamTarget(
      endpoint('https://acme.openai.azure.com/openai/deployments/gpt-4o', { apiKey: 'azure-key', azureApiVersion: '2024-10-21' }),
      {},
    );
    expect(target.url).toBe('https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    expect(target.headers['api-key']).toBe('azure-key');
    expect(target.headers.authorization).toBeUndefined();
  });

  it('does not add the path twice', () => {
    expect(upstreamTarget(endpoint('http://localhost:8000/v1/chat/completions'), {}).url).toBe(
      'http://localhost:8000/v1/chat/completions',
    );
  });
});

describe('describeEndpoint', () => {
  it('never shows credentials or the query', () => {
    expect(describeEndpoint('https://user:secret@host.example/v1?key=abc')).toBe('https://host.example/v1');
  });
});
