export type ChatCompletionsTargetOptions = {
  /**
   * The endpoint's base URL, e.g. `https://api.openai.com/v1`, or for Azure OpenAI a deployment
   * URL `https://<resource>.openai.azure.com/openai/deployments/<deployment>` or the `…/openai/v1` base.
   */
  baseUrl: string;
  apiKey?: string | undefined;
  /** Set for Azure deployment URLs: sent as the `api-version` query parameter, and the key goes in `api-key`. */
  azureApiVersion?: string | undefined;
};

export type ChatCompletionsTarget = {
  url: string;
  /** `Authorization: Bearer …`, or Azure's `api-key`; empty without a key. */
  authHeaders: Record<string, string>;
};

/**
 * The Chat Completions URL of an endpoint and the headers that carry its key. Throws a
 * `TypeError` when `baseUrl` is not a URL (settings validate it before it gets here).
 *
 * @example
 * chatCompletionsTarget({ baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-…' });
 * // { url: 'https://api.openai.com/v1/chat/completions', authHeaders: { authorization: 'Bearer sk-…' } }
 * chatCompletionsTarget({
 *   baseUrl: 'https://acme.openai.azure.com/openai/deployments/gpt-4o',
 *   apiKey: 'key',
 *   azureApiVersion: '2024-10-21',
 * });
 * // { url: 'https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
 * //   authHeaders: { 'api-key': 'key' } }
 */
export function chatCompletionsTarget(options: ChatCompletionsTargetOptions): ChatCompletionsTarget {
  // The path goes on the URL's path, so a base URL that carries a query keeps it.
  const url = new URL(options.baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions')) url.pathname = `${path}/chat/completions`;
  const authHeaders: Record<string, string> = {};
  if (options.azureApiVersion) {
    // Azure deployment URLs ignore `Authorization: Bearer` for key authentication.
    if (options.apiKey) authHeaders['api-key'] = options.apiKey;
    url.searchParams.set('api-version', options.azureApiVersion);
  } else if (options.apiKey) {
    authHeaders.authorization = `Bearer ${options.apiKey}`;
  }
  return { url: url.toString(), authHeaders };
}
