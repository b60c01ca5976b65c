import type { EndpointSettings } from '@ccp/config';

/** The URL and headers for one chat-completions call (Azure deployment URLs get `api-version` and `api-key`). */
export type UpstreamTarget = { url: string; headers: Record<string, string> };

export function upstreamTarget(endpoint: EndpointSettings, customHeaders: Record<string, string>): UpstreamTarget {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'ccp-proxy',
    ...customHeaders,
  };
  // The path goes on the URL's path, so a base URL that carries a query keeps it.
  const url = new URL(endpoint.baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions')) url.pathname = `${path}/chat/completions`;
  if (endpoint.azureApiVersion) {
    if (endpoint.apiKey) headers['api-key'] = endpoint.apiKey;
    url.searchParams.set('api-version', endpoint.azureApiVersion);
  } else if (endpoint.apiKey) {
    headers.authorization = `Bearer ${endpoint.apiKey}`;
  }
  return { url: url.toString(), headers };
}

/** The endpoint as safe to show: origin and path only, never credentials or query. */
export function describeEndpoint(baseUrl: string): string {
  // Asked for the same few endpoints on every request.
  let described = describedEndpoints.get(baseUrl);
  if (described === undefined) {
    described = describeEndpointOnce(baseUrl);
    if (describedEndpoints.size >= 256) describedEndpoints.clear();
    describedEndpoints.set(baseUrl, described);
  }
  return described;
}

const describedEndpoints = new Map<string, string>();

function describeEndpointOnce(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid endpoint URL)';
  }
}
