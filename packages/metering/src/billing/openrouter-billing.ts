import type { BillingAnswer, FetchFunction } from './billing-types';
import {
  apiBase,
  fetchProviderJson,
  nullableNumberFrom,
  numberFrom,
  objectFrom,
} from './fetch-provider-json';

export interface OpenRouterCredits {
  totalCreditsUsd: number;
  totalUsageUsd: number;
  remainingUsd: number;
}

export interface OpenRouterKeyUsage {
  label: string | null;
  limitUsd: number | null;
  limitRemainingUsd: number | null;
  limitReset: string | null;
  usageUsd: number;
  usageDailyUsd: number | null;
  usageWeeklyUsd: number | null;
  usageMonthlyUsd: number | null;
  isFreeTier: boolean;
}

export interface OpenRouterBillingOptions {
  apiKey: string;
  /** `https://openrouter.ai` or `https://openrouter.ai/api/v1`. */
  baseUrl?: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
}

const keyHint = 'the OpenRouter key (OPENROUTER_API_KEY)';

function request(options: OpenRouterBillingOptions, path: string) {
  const base = apiBase(options.baseUrl ?? 'https://openrouter.ai', '/api/v1');
  return fetchProviderJson(
    'openrouter',
    `${base}${path}`,
    { authorization: `Bearer ${options.apiKey}` },
    {
      keyHint,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    },
  );
}

/**
 * Credits bought and used on the account (`GET /api/v1/credits`). OpenRouter documents this
 * endpoint for management keys; an ordinary key may get 401/403, which is reported, not thrown.
 *
 * @example
 * const credits = await getOpenRouterCredits({ apiKey });
 */
export async function getOpenRouterCredits(
  options: OpenRouterBillingOptions,
): Promise<BillingAnswer<{ credits: OpenRouterCredits }>> {
  const answer = await request(options, '/credits');
  if (!answer.ok) return answer;
  const data = objectFrom(objectFrom(answer.body).data);
  const totalCreditsUsd = numberFrom(data.total_credits);
  const totalUsageUsd = numberFrom(data.total_usage);
  return {
    provider: 'openrouter',
    configured: true,
    ok: true,
    credits: { totalCreditsUsd, totalUsageUsd, remainingUsd: totalCreditsUsd - totalUsageUsd },
  };
}

/** Spend and limit of the key itself (`GET /api/v1/key`). */
export async function getOpenRouterKeyUsage(
  options: OpenRouterBillingOptions,
): Promise<BillingAnswer<{ key: OpenRouterKeyUsage }>> {
  const answer = await request(options, '/key');
  if (!answer.ok) return answer;
  const data = objectFrom(objectFrom(answer.body).data);
  return {
    provider: 'openrouter',
    configured: true,
    ok: true,
    key: {
      label: typeof data.label === 'string' ? data.label : null,
      limitUsd: nullableNumberFrom(data.limit),
      limitRemainingUsd: nullableNumberFrom(data.limit_remaining),
      limitReset: typeof data.limit_reset === 'string' ? data.limit_reset : null,
      usageUsd: numberFrom(data.usage),
      usageDailyUsd: nullableNumberFrom(data.usage_daily),
      usageWeeklyUsd: nullableNumberFrom(data.usage_weekly),
      usageMonthlyUsd: nullableNumberFrom(data.usage_monthly),
      isFreeTier: data.is_free_tier === true,
    },
  };
}
