/** An api-version that takes `reasoning_effort` and `max_completion_tokens` (o-series, gpt-5). */
export const defaultAzureApiVersion = '2025-04-01-preview';

export type AzureChatUrlOptions = {
  /** The resource endpoint, e.g. `https://my-resource.openai.azure.com`, or the newer `…/openai/v1` base. */
  endpoint: string;
  /** The deployment name (ignored with the `/openai/v1` base, where the model field names it). */
  deployment: string;
  apiVersion?: string | undefined;
};

/**
 * The Chat Completions URL of an Azure OpenAI deployment. Authenticate with the `api-key` header
 * ({@link azureAuthHeaders}).
 *
 * @example
 * buildAzureChatUrl({ endpoint: 'https://acme.openai.azure.com', deployment: 'gpt-5', apiVersion: '2025-04-01-preview' });
 * // 'https://acme.openai.azure.com/openai/deployments/gpt-5/chat/completions?api-version=2025-04-01-preview'
 */
export function buildAzureChatUrl(options: AzureChatUrlOptions): string {
  let base: URL;
  try {
    base = new URL(options.endpoint);
  } catch {
    throw new TypeError(
      `Azure endpoint "${options.endpoint}" is not a URL; set it to https://<resource>.openai.azure.com`,
    );
  }
  const path = base.pathname.replace(/\/+$/, '');
  if (/\/openai\/v1$/.test(path)) {
    // The v1 API is the standard OpenAI shape: no deployment in the path, no api-version needed.
    const url = new URL(`${base.origin}${path}/chat/completions`);
    if (options.apiVersion) url.searchParams.set('api-version', options.apiVersion);
    return url.toString();
  }
  if (options.deployment.trim() === '') {
    throw new TypeError('Azure deployment name is empty; set the deployment that serves this model.');
  }
  const prefix = path.replace(/\/openai$/, '');
  const url = new URL(
    `${base.origin}${prefix}/openai/deployments/${encodeURIComponent(options.deployment)}/chat/completions`,
  );
  url.searchParams.set('api-version', options.apiVersion ?? defaultAzureApiVersion);
  return url.toString();
}

/** Azure's key header; Azure ignores `Authorization: Bearer` for key authentication. */
export function azureAuthHeaders(apiKey: string): Record<string, string> {
  return { 'api-key': apiKey };
}
