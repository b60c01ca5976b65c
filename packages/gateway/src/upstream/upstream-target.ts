import type { EndpointSettings } from '@ccp/config';
import { chatCompletionsTarget } from '@ccp/reasoning';

/** The URL and headers for one chat-completions call (Azure deployment URLs get `api-version` and `api-key`). */
export type UpstreamTarget = { url: string; headers: Record<string, string> };

export function upstreamTarget(endpoint: EndpointSettings, customHeaders: Record<string, string>): UpstreamTarget {
  const { url, authHeaders } = chatCompletionsTarget(endpoint);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'ccp-proxy',
    ...customHeaders,
    ...authHeaders,
  };
  return { url, headers };
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
