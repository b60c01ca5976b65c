import { errorResponse } from '../http/render-error';
import { AnthropicApiError } from '@ccp/convert';
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireAdmin } from '../admin-auth';
import {
  type BillingProviderName,
  type BillingProvidersConfig,
  billingProviderNames,
  type FetchFunction,
  getAnthropicCosts,
  getAnthropicMessagesUsage,
  getOpenAICompletionsUsage,
  getOpenAICosts,
  getOpenRouterCredits,
  getOpenRouterKeyUsage,
  type NotConfigured,
} from '@ccp/metering';
import { daysParameter, parseQuery } from './api-route-helpers';

/** Options of {@link createBillingRoutes}. */
export interface BillingRoutesOptions {
  providers: BillingProvidersConfig;
  /** Admin key guarding these routes; null answers 403 (see requireAdmin). */
  adminKey: string | null | undefined;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: FetchFunction;
  timeoutMs?: number;
  now?: () => number;
}

const setupHints: Record<BillingProviderName, string> = {
  openrouter:
    'No OpenRouter key is configured; set OPENROUTER_API_KEY (a management key also shows account credits).',
  openai:
    'No OpenAI admin key is configured; set OPENAI_ADMIN_KEY to an organisation admin key (sk-admin-…) to see costs and usage.',
  anthropic:
    'No Anthropic admin key is configured; set ANTHROPIC_ADMIN_KEY to an Admin API key (sk-ant-admin…) to see costs and usage.',
};

function notConfigured(provider: BillingProviderName): NotConfigured {
  return { provider, configured: false, message: setupHints[provider] };
}

type Answer = { configured: boolean; ok?: boolean; status?: number; message?: string };

/** Merges several look-ups of one provider: ok when any succeeded; failures listed as warnings. */
function merge(provider: BillingProviderName, parts: Record<string, Answer>) {
  const failures = Object.values(parts).filter((part) => part.ok === false);
  const successes = Object.entries(parts).filter(([, part]) => part.ok === true);
  if (successes.length === 0 && failures[0]) {
    const { status, message } = failures[0];
    return { provider, configured: true, ok: false, status, message };
  }
  const merged: Record<string, unknown> = { provider, configured: true, ok: true };
  for (const [, part] of successes) {
    const {
      configured: _configured,
      ok: _ok,
      provider: _provider,
      ...data
    } = part as Answer & { provider?: string };
    Object.assign(merged, data);
  }
  if (failures.length > 0) {
    merged.warnings = failures.map((failure) => ({ status: failure.status, message: failure.message }));
  }
  return merged;
}

/**
 * Provider billing look-ups: `/billing/balance`, `/billing/usage?days=7` and
 * `/billing/provider/{openrouter|openai|anthropic}?days=7`. Providers without a key answer
 * `{configured:false, message}`; upstream failures come back in the body (`ok:false, status,
 * message`), never as a thrown error. Mount under `/api`.
 *
 * @example
 * app.route('/api', createBillingRoutes({ providers: { openrouter: { apiKey } }, adminKey }));
 */
export function createBillingRoutes(options: BillingRoutesOptions): Hono {
  const now = options.now ?? Date.now;
  const common = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const { openrouter, openai, anthropic } = options.providers;

  const monthToDateDays = () => new Date(now()).getUTCDate();

  async function balance(provider: BillingProviderName) {
    if (provider === 'openrouter') {
      if (!openrouter) return notConfigured(provider);
      const config = { ...common, ...openrouter };
      const [credits, key] = await Promise.all([getOpenRouterCredits(config), getOpenRouterKeyUsage(config)]);
      return merge(provider, { credits, key });
    }
    const config = provider === 'openai' ? openai : anthropic;
    if (!config) return notConfigured(provider);
    const costs =
      provider === 'openai'
        ? await getOpenAICosts({ ...common, ...config }, monthToDateDays(), now())
        : await getAnthropicCosts({ ...common, ...config }, monthToDateDays(), now());
    if (!costs.configured || !costs.ok) return costs;
    return {
      provider,
      configured: true,
      ok: true,
      monthToDateCostUsd: costs.totalCostUsd,
      note: `${provider === 'openai' ? 'OpenAI' : 'Anthropic'} has no balance API; this is the organisation's cost since the 1st of the month (UTC).`,
    };
  }

  async function usage(provider: BillingProviderName, days: number) {
    if (provider === 'openrouter') {
      if (!openrouter) return notConfigured(provider);
      const key = await getOpenRouterKeyUsage({ ...common, ...openrouter });
      if (!key.configured || !key.ok) return key;
      return {
        ...key,
        note: 'OpenRouter reports key spend for the current day, week and month, not per requested day.',
      };
    }
    if (provider === 'openai') {
      if (!openai) return notConfigured(provider);
      const config = { ...common, ...openai };
      const [costs, tokens] = await Promise.all([
        getOpenAICosts(config, days, now()),
        getOpenAICompletionsUsage(config, days, now()),
      ]);
      return merge(provider, { costs, tokens });
    }
    if (!anthropic) return notConfigured(provider);
    const config = { ...common, ...anthropic };
    const [costs, tokens] = await Promise.all([
      getAnthropicCosts(config, days, now()),
      getAnthropicMessagesUsage(config, days, now()),
    ]);
    return merge(provider, { costs, tokens });
  }

  const app = new Hono();
  app.onError((error) => errorResponse(error));
  app.use('/billing/*', requireAdmin({ adminKey: options.adminKey }));

  app.get('/billing/balance', async (c) => {
    const answers = await Promise.all(billingProviderNames.map((name) => balance(name)));
    return c.json({
      providers: Object.fromEntries(billingProviderNames.map((name, index) => [name, answers[index]])),
    });
  });

  app.get('/billing/usage', async (c) => {
    const { days } = parseQuery(c, v.object({ days: daysParameter(7) }));
    const answers = await Promise.all(billingProviderNames.map((name) => usage(name, days)));
    return c.json({
      days,
      providers: Object.fromEntries(billingProviderNames.map((name, index) => [name, answers[index]])),
    });
  });

  app.get('/billing/provider/:name', async (c) => {
    const name = c.req.param('name');
    if (!billingProviderNames.includes(name as BillingProviderName)) {
      throw new AnthropicApiError(
        `Unknown billing provider "${name}"; use one of: ${billingProviderNames.join(', ')}.`,
        { errorType: 'not_found_error' },
      );
    }
    const provider = name as BillingProviderName;
    const { days } = parseQuery(c, v.object({ days: daysParameter(7) }));
    const [balanceAnswer, usageAnswer] = await Promise.all([balance(provider), usage(provider, days)]);
    if (!balanceAnswer.configured) return c.json(balanceAnswer);
    return c.json({ provider, configured: true, days, balance: balanceAnswer, usage: usageAnswer });
  });

  return app;
}
