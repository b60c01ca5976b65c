import type { BillingProviderName, FetchFunction } from './billing-types';
import { arrayFrom, fetchProviderJson, objectFrom, type ProviderJson } from './fetch-provider-json';

/** Enough pages for a year of daily buckets; a bound so a looping cursor cannot hang a request. */
const maxPages = 12;

export type ReportSource = {
  provider: BillingProviderName;
  /** The API base with its version, e.g. `https://api.openai.com/v1`. */
  base: string;
  headers: Record<string, string>;
  keyHint: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
};

/**
 * Reads every page of an organisation usage or cost report (`{data, has_more, next_page}`,
 * the paging OpenAI's and Anthropic's admin APIs share) and returns the buckets.
 */
export async function fetchReportPages(
  source: ReportSource,
  path: string,
  query: URLSearchParams,
): Promise<{ ok: true; buckets: unknown[] } | Exclude<ProviderJson, { ok: true }>> {
  const buckets: unknown[] = [];
  let page: string | null = null;
  for (let count = 0; count < maxPages; count += 1) {
    const pageQuery = new URLSearchParams(query);
    if (page) pageQuery.set('page', page);
    const answer = await fetchProviderJson(
      source.provider,
      `${source.base}${path}?${pageQuery}`,
      source.headers,
      {
        keyHint: source.keyHint,
        ...(source.fetch ? { fetch: source.fetch } : {}),
        ...(source.timeoutMs ? { timeoutMs: source.timeoutMs } : {}),
      },
    );
    if (!answer.ok) return answer;
    const body = objectFrom(answer.body);
    buckets.push(...arrayFrom(body.data));
    page = body.has_more === true && typeof body.next_page === 'string' ? body.next_page : null;
    if (!page) break;
  }
  return { ok: true, buckets };
}
