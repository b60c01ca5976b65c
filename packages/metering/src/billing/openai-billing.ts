import type { BillingAnswer, DailyCost, FetchFunction, ModelUsage } from './billing-types';
import { fetchReportPages } from './fetch-report-pages';
import { sumDailyCosts, sumUsageByModel } from './usage-by-model';
import { apiBase, numberFrom, objectFrom } from './fetch-provider-json';

export interface OpenAIBillingOptions {
  /** An organisation admin key (`sk-admin-…`); ordinary project keys are refused by OpenAI. */
  adminKey: string;
  /** `https://api.openai.com` or `https://api.openai.com/v1`. */
  baseUrl?: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
}

const keyHint = 'the OpenAI admin key (OPENAI_ADMIN_KEY)';

function getPages(options: OpenAIBillingOptions, path: string, query: URLSearchParams) {
  return fetchReportPages(
    {
      provider: 'openai',
      base: apiBase(options.baseUrl ?? 'https://api.openai.com', '/v1'),
      headers: { authorization: `Bearer ${options.adminKey}` },
      keyHint,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    },
    path,
    query,
  );
}

function startQuery(days: number, now: number): URLSearchParams {
  const startOfToday = Math.floor(now / 86_400_000) * 86_400;
  return new URLSearchParams({
    start_time: String(startOfToday - (days - 1) * 86_400),
    bucket_width: '1d',
    limit: String(Math.min(Math.max(days, 1), 180)),
  });
}

const dayOf = (seconds: unknown) => new Date(numberFrom(seconds) * 1000).toISOString().slice(0, 10);

/**
 * Organisation costs per day (`GET /v1/organization/costs`), in US dollars.
 *
 * @example
 * const costs = await getOpenAICosts({ adminKey }, 7);
 */
export async function getOpenAICosts(
  options: OpenAIBillingOptions,
  days: number,
  now = Date.now(),
): Promise<BillingAnswer<{ totalCostUsd: number; daily: DailyCost[] }>> {
  const answer = await getPages(options, '/organization/costs', startQuery(days, now));
  if (!answer.ok) return answer;
  const costs = sumDailyCosts(
    answer.buckets,
    (bucket) => dayOf(bucket.start_time),
    (result) => numberFrom(objectFrom(result.amount).value),
  );
  return { provider: 'openai', configured: true, ok: true, ...costs };
}

/** Chat/completions token usage by model (`GET /v1/organization/usage/completions`). */
export async function getOpenAICompletionsUsage(
  options: OpenAIBillingOptions,
  days: number,
  now = Date.now(),
): Promise<BillingAnswer<{ byModel: ModelUsage[] }>> {
  const query = startQuery(days, now);
  query.append('group_by', 'model');
  const answer = await getPages(options, '/organization/usage/completions', query);
  if (!answer.ok) return answer;
  const byModel = sumUsageByModel(answer.buckets, (result) => ({
    requests: numberFrom(result.num_model_requests),
    inputTokens: numberFrom(result.input_tokens),
    outputTokens: numberFrom(result.output_tokens),
    cachedInputTokens: numberFrom(result.input_cached_tokens),
  }));
  return { provider: 'openai', configured: true, ok: true, byModel };
}
