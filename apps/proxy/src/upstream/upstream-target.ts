import type { EndpointSettings } from '@ccp/config';

/** The URL and headers for one chat-completions call (Azure deployment URLs get `api-version` and `api-key`). */
export type UpstreamTarget = { url: string; headers: Record<string, string> };

export function upstreamTarget(endpoint: EndpointSettings, customHeaders: Record<string, string>): UpstreamTarget {
  const base = endpoint.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'ccp-proxy',
    ...customHeaders,
  };
  if (endpoint.azureApiVersion) {
    if (endpoint.apiKey) headers['api-key'] = endpoint.apiKey;
    const url = base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
    return { url: `${url}?api-version=${encodeURIComponent(endpoint.azureApiVersion)}`, headers };
  }
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  return { url: base.endsWith('/chat/completions') ? base : `${base}/chat/completions`, headers };
}

/** The endpoint as safe to show: origin and path only, never credentials or query. */
export function describeEndpoint(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid endpoint URL)';
  }
}
