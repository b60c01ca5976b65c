import type { EndpointSettings } from '@ccp/config';
import { chatCompletionsTarget, detectDialect, type ProviderDialect } from '@ccp/reasoning';

/** The URL and headers for one chat-completions call (Azure deployment URLs get `api-version` and `api-key`). */
export type UpstreamTarget = { url: string; headers: Record<string, string> };

/**
 * The URL and headers of a chat-completions call to `endpoint`. Header names are lower case, so
 * each goes out once: ccp's defaults, then the endpoint's key (`authorization` or Azure's
 * `api-key`), then the custom headers, each replacing an earlier one of the same name in any
 * case. A custom `Authorization` therefore wins over the provider key: it is set precisely to
 * send something other than `Bearer <PROVIDER_API_KEY>` (a gateway's own token, for instance).
 *
 * @example
 * upstreamTarget(endpoint, { AUTHORIZATION: 'Bearer my-token' }).headers.authorization; // 'Bearer my-token'
 */
export function upstreamTarget(
  endpoint: EndpointSettings,
  customHeaders: Record<string, string>,
): UpstreamTarget {
  const { url, authHeaders } = chatCompletionsTarget(endpoint);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'ccp-proxy',
  };
  for (const [name, value] of Object.entries(authHeaders)) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(customHeaders)) headers[name.toLowerCase()] = value;
  return { url, headers };
}

/** The dialect `model` is spoken in at `endpoint`: its provider override, else detected from URL and name. */
export function endpointDialect(endpoint: EndpointSettings, model: string): ProviderDialect {
  return detectDialect({ baseUrl: endpoint.baseUrl, model, override: endpoint.provider });
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
