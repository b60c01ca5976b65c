import { describe, expect, it } from 'vitest';
import { chatCompletionsTarget } from './chat-completions-target';

describe('chatCompletionsTarget', () => {
  it('appends /chat/completions once and sends the key as a bearer token', () => {
    expect(chatCompletionsTarget({ baseUrl: 'https://api.openai.com/v1/', apiKey: 'sk-a' })).toEqual({
      url: 'https://api.openai.com/v1/chat/completions',
      authHeaders: { authorization: 'Bearer sk-a' },
    });
    expect(chatCompletionsTarget({ baseUrl: 'http://localhost:8000/v1/chat/completions' }).url).toBe(
      'http://localhost:8000/v1/chat/completions',
    );
  });

  it('keeps a query that is part of the base URL and sends no auth header without a key', () => {
    expect(chatCompletionsTarget({ baseUrl: 'http://gateway.local/v1?tenant=team-a' })).toEqual({
      url: 'http://gateway.local/v1/chat/completions?tenant=team-a',
      authHeaders: {},
    });
  });

  it('gives Azure deployment URLs their api-version and the key in api-key, never as a bearer token', () => {
    expect(
      chatCompletionsTarget({
        baseUrl: 'https://acme.openai.azure.com/openai/deployments/gpt-4o',
        apiKey: 'azure-key',
        azureApiVersion: '2024-10-21',
      }),
    ).toEqual({
      url: 'https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
      authHeaders: { 'api-key': 'azure-key' },
    });
  });

  it('takes the Azure v1 base like any OpenAI-shaped endpoint when no api-version is set', () => {
    expect(
      chatCompletionsTarget({ baseUrl: 'https://acme.openai.azure.com/openai/v1/', apiKey: 'k' }),
    ).toEqual({
      url: 'https://acme.openai.azure.com/openai/v1/chat/completions',
      authHeaders: { authorization: 'Bearer k' },
    });
  });

  it('throws on a base URL that is not a URL', () => {
    expect(() => chatCompletionsTarget({ baseUrl: 'acme' })).toThrow(TypeError);
  });
});
