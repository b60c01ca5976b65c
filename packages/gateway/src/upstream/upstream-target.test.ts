import { resolveSettings } from '@ccp/config';
import { type FakeUpstream, reply, startFakeUpstream } from '@ccp/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../gateway';
import { UpstreamClient } from './upstream-client';
import { describeEndpoint, upstreamTarget } from './upstream-target';
import { sendMessage } from '../../test/send-message';

const endpoint = (baseUrl: string, extra: { apiKey?: string; azureApiVersion?: string } = {}) => ({
  baseUrl,
  apiKey: extra.apiKey,
  azureApiVersion: extra.azureApiVersion,
  provider: undefined,
});

describe('upstreamTarget', () => {
  it('appends /chat/completions and sends the key as a bearer token', () => {
    const target = upstreamTarget(endpoint('https://api.openai.com/v1/', { apiKey: 'sk-a' }), {
      'X-Title': 'ccp',
    });
    expect(target.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(target.headers).toMatchObject({ authorization: 'Bearer sk-a', 'x-title': 'ccp' });
  });

  it("lets a custom header replace ccp's own of the same name, in any case, the provider key included", () => {
    const target = upstreamTarget(endpoint('https://api.openai.com/v1', { apiKey: 'sk-provider' }), {
      AUTHORIZATION: 'Bearer my-token',
      'User-Agent': 'my-app/1.0.0',
      ACCEPT: 'application/json',
    });
    expect(target.headers).toEqual({
      authorization: 'Bearer my-token',
      'user-agent': 'my-app/1.0.0',
      accept: 'application/json',
      'content-type': 'application/json',
    });
  });

  it("keeps Azure's api-key unless a custom API-KEY replaces it", () => {
    const azure = endpoint('https://acme.openai.azure.com/openai/deployments/gpt-4o', {
      apiKey: 'azure-key',
      azureApiVersion: '2024-10-21',
    });
    expect(upstreamTarget(azure, { AUTHORIZATION: 'Bearer aad' }).headers).toMatchObject({
      'api-key': 'azure-key',
      authorization: 'Bearer aad',
    });
    expect(upstreamTarget(azure, { 'API-KEY': 'other' }).headers['api-key']).toBe('other');
  });

  it('keeps a query string that is part of the base URL', () => {
    const target = upstreamTarget(endpoint('http://gateway.local/v1?tenant=team-a'), {});
    expect(target.url).toBe('http://gateway.local/v1/chat/completions?tenant=team-a');
  });

  it('builds Azure deployment URLs with api-version and the api-key header', () => {
    const target = upstreamTarget(
      endpoint('https://acme.openai.azure.com/openai/deployments/gpt-4o', {
        apiKey: 'azure-key',
        azureApiVersion: '2024-10-21',
      }),
      {},
    );
    expect(target.url).toBe(
      'https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    );
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

describe('custom headers on the wire', () => {
  let upstream: FakeUpstream;
  let client: UpstreamClient;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ record: true });
    client = new UpstreamClient({ timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await client.close();
    await upstream.close();
  });

  it('sends each header once, with the CUSTOM_HEADER_* value where one is set', async () => {
    const gateway = createGateway({
      settings: resolveSettings({
        PROVIDER_BASE_URL: upstream.url,
        PROVIDER_API_KEY: 'sk-provider-key',
        CUSTOM_HEADER_AUTHORIZATION: 'Bearer my-token',
        CUSTOM_HEADER_USER_AGENT: 'my-app/1.0.0',
        CUSTOM_HEADER_ACCEPT: 'application/json',
        CUSTOM_HEADER_CONTENT_TYPE: 'application/json; charset=utf-8',
        CUSTOM_HEADER_X_TITLE: 'my-app',
      }),
      upstream: client,
    });
    upstream.enqueue(reply({ text: 'hi' }));
    const answer = await sendMessage(gateway, {
      model: 'claude-sonnet-4-5',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(answer.status).toBe(200);

    const [received] = upstream.requests;
    const lines = (name: string) =>
      (received?.rawHeaders ?? []).filter(([each]) => each.toLowerCase() === name).map(([, value]) => value);
    expect(lines('authorization')).toEqual(['Bearer my-token']);
    expect(lines('user-agent')).toEqual(['my-app/1.0.0']);
    expect(lines('accept')).toEqual(['application/json']);
    expect(lines('content-type')).toEqual(['application/json; charset=utf-8']);
    expect(lines('x-title')).toEqual(['my-app']);
    const names = (received?.rawHeaders ?? []).map(([name]) => name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });
});
