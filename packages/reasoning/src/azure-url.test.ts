import { describe, expect, it } from 'vitest';
import { azureAuthHeaders, buildAzureChatUrl, defaultAzureApiVersion } from './azure-url';

describe('buildAzureChatUrl', () => {
  it('builds the deployment URL with api-version', () => {
    expect(
      buildAzureChatUrl({
        endpoint: 'https://acme.openai.azure.com/',
        deployment: 'gpt-5',
        apiVersion: '2024-10-21',
      }),
    ).toBe('https://acme.openai.azure.com/openai/deployments/gpt-5/chat/completions?api-version=2024-10-21');
  });

  it('accepts an endpoint that already ends in /openai and encodes the deployment', () => {
    expect(
      buildAzureChatUrl({ endpoint: 'https://acme.openai.azure.com/openai', deployment: 'my model' }),
    ).toBe(
      `https://acme.openai.azure.com/openai/deployments/my%20model/chat/completions?api-version=${defaultAzureApiVersion}`,
    );
  });

  it('uses the v1 base as a standard OpenAI URL', () => {
    expect(
      buildAzureChatUrl({ endpoint: 'https://acme.openai.azure.com/openai/v1/', deployment: 'ignored' }),
    ).toBe('https://acme.openai.azure.com/openai/v1/chat/completions');
  });

  it('explains a bad endpoint or an empty deployment', () => {
    expect(() => buildAzureChatUrl({ endpoint: 'acme', deployment: 'x' })).toThrow(/not a URL/);
    expect(() => buildAzureChatUrl({ endpoint: 'https://acme.openai.azure.com', deployment: ' ' })).toThrow(
      /deployment/,
    );
  });

  it('authenticates with api-key', () => {
    expect(azureAuthHeaders('k')).toEqual({ 'api-key': 'k' });
  });
});
