import type { BillingAnswer, DailyCost, FetchFunction, ModelUsage } from './billing-types';
import { fetchReportPages } from './fetch-report-pages';
import { sumDailyCosts, sumUsageByModel } from './usage-by-model';
import { apiBase, numberFrom, objectFrom } from './fetch-provider-json';

export interface AnthropicBillingOptions {
  /** An Admin API key (`sk-ant-admin…`); ordinary API keys are refused by Anthropic. */
  adminKey: string;
  /** `https://api.anthropic.com` or `https://api.anthropic.com/v1`. */
  baseUrl?: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
}

const keyHint = 'the Anthropic admin key (ANTHROPIC_ADMIN_KEY)';

function getPages(options: AnthropicBillingOptions, path: string, query: URLSearchParams) {
  return fetchReportPages(
    {
      provider: 'anthropic',
      base: apiBase(options.baseUrl ?? 'https://api.anthropic.com', '/v1'),
      headers: { 'x-api-key': options.adminKey, 'anthropic-version': '2023-06-01' },
      keyHint,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    },
    path,
    query,
  );
}

function startQuery(days: number, now: number): URLSearchParams {
  const startOfToday = Math.floor(now / 86_400_000) * 86_400_000;
  return new URLSearchParams({
    starting_at: new Date(startOfToday - (days - 1) * 86_400_000).toISOString(),
    bucket_width: '1d',
    limit: String(Math.min(Math.max(days, 1), 31)),
  });
}

const dayOf = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : '');

/**
 * Organisation cost per day (`GET /v1/organizations/cost_report`). Anthropic reports `amount`
 * as a decimal string in cents, so it is divided by 100 here.
 *
 * @example
 * const costs = await getAnthropicCosts({ adminKey }, 7);
 */
export async function getAnthropicCosts(
  options: AnthropicBillingOptions,
  days: number,
  now = Date.now(),
): Promise<BillingAnswer<{ totalCostUsd: number; daily: DailyCost[] }>> {
  const answer = await getPages(options, '/organizations/cost_report', startQuery(days, now));
  if (!answer.ok) return answer;
  const costs = sumDailyCosts(
    answer.buckets,
    (bucket) => dayOf(bucket.starting_at),
    (result) => numberFrom(result.amount),
    100,
  );
  return { provider: 'anthropic', configured: true, ok: true, ...costs };
}

/** Messages token usage by model (`GET /v1/organizations/usage_report/messages`). */
export async function getAnthropicMessagesUsage(
  options: AnthropicBillingOptions,
  days: number,
  now = Date.now(),
): Promise<BillingAnswer<{ byModel: ModelUsage[] }>> {
  const query = startQuery(days, now);
  query.append('group_by[]', 'model');
  const answer = await getPages(options, '/organizations/usage_report/messages', query);
  if (!answer.ok) return answer;
  // Anthropic's report counts tokens, not requests; its input splits into uncached, cache writes and reads.
  const byModel = sumUsageByModel(answer.buckets, (result) => {
    const cacheCreation = objectFrom(result.cache_creation);
    return {
      requests: null,
      inputTokens:
        numberFrom(result.uncached_input_tokens) +
        numberFrom(cacheCreation.ephemeral_5m_input_tokens) +
        numberFrom(cacheCreation.ephemeral_1h_input_tokens) +
        numberFrom(result.cache_read_input_tokens),
      outputTokens: numberFrom(result.output_tokens),
      cachedInputTokens: numberFrom(result.cache_read_input_tokens),
    };
  });
  return { provider: 'anthropic', configured: true, ok: true, byModel };
}
