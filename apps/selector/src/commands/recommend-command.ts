import {
  recommendAlternatives,
  recommendationTarget,
  recommendFromUsage,
  usageSourceFromRows,
} from '@ccp/catalog';
import { defineCommand } from 'citty';
import { type AppContext, createAppContext, guarded, printJson, sharedArguments } from '../app-context';
import { formatModelRow } from '../format-model';
import { formatUsageReport, readUsage } from '../usage-report';

function _positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${flag} must be a positive whole number, got "${value}".`);
  return parsed;
}

type RecommendArguments = {
  model?: string | undefined;
  free?: boolean | undefined;
  cheaper?: boolean | undefined;
  local?: boolean | undefined;
  limit?: string | undefined;
  json?: boolean | undefined;
  'from-usage'?: boolean | undefined;
  days?: string | undefined;
  user?: string | undefined;
};

async function _fromUsage(context: AppContext, args: RecommendArguments): Promise<void> {
  const days = _positiveInteger(args.days, '--days', 30);
  const limit = _positiveInteger(args.limit, '--limit', 5);
  const data = await readUsage({
    metering: context.settings.metering,
    baseDirectory: context.baseDirectory,
    days,
    user: args.user,
  });
  const results = await recommendFromUsage(context.catalog, usageSourceFromRows(data.rows), {
    limit,
    alternatives: 3,
    free: args.free,
    includeMarketplace: context.includeMarketplace && !args.local,
  });
  if (args.json) {
    printJson({
      database: data.database,
      days,
      user: data.user,
      requests: data.rows.length,
      recommendations: results.map((result) => ({
        model: result.model,
        provider: result.provider,
        catalogId: result.target.inferred ? null : result.target.model.id,
        inferredFamily: result.target.inferred ? (result.target.family ?? null) : null,
        requests: result.requests,
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
        spentUsd: result.spentUsd,
        currentCostUsd: result.currentCostUsd,
        costBasis: result.costBasis,
        needs: result.needs,
        alternatives: result.alternatives.map((alternative) => ({
          id: alternative.model.id,
          score: alternative.score,
          projectedCostUsd: alternative.projectedCostUsd,
          savingUsd: alternative.savingUsd,
          reasons: alternative.reasons,
          model: alternative.model,
        })),
      })),
    });
    return;
  }
  for (const line of formatUsageReport(data, results, context.style)) console.log(line);
}

function _forModel(context: AppContext, model: string, args: RecommendArguments): void {
  const limit = _positiveInteger(args.limit, '--limit', 5);
  const target = recommendationTarget(context.catalog, model);
  const results = recommendAlternatives(context.catalog, model, {
    free: args.free,
    cheaper: args.cheaper,
    limit,
    includeMarketplace: context.includeMarketplace && !args.local,
  });
  const note = target.inferred
    ? `${model} is not in the model catalog: its capabilities come from its name (family ${target.family ?? 'unknown'}); its price and context window are unknown.`
    : undefined;
  if (args.json) {
    printJson({
      model,
      ...(note ? { inferred: { family: target.family ?? null, model: target.model } } : {}),
      alternatives: results.map((result) => ({
        id: result.model.id,
        score: result.score,
        reasons: result.reasons,
        model: result.model,
      })),
    });
    return;
  }
  if (note) context.warn(note);
  if (results.length === 0) {
    console.log(
      target.inferred && args.cheaper
        ? 'Its price is unknown, so no model is sure to be cheaper. Try --free.'
        : 'No alternatives match. Try without --free/--cheaper/--local.',
    );
  }
  for (const result of results) {
    console.log(
      `${context.style.bold(String(result.score).padStart(3))} ${formatModelRow(result.model, undefined, context.style)}`,
    );
    console.log(context.style.dim(`     ${result.reasons.join('; ')}`));
  }
}

export const recommendCommand = defineCommand({
  meta: {
    name: 'recommend',
    description:
      'Free or cheaper alternatives to a model, or (--from-usage) to the models your metered requests used',
  },
  args: {
    ...sharedArguments,
    model: {
      type: 'positional',
      required: false,
      description: 'Model id, e.g. anthropic/claude-sonnet-4 (leave out with --from-usage)',
    },
    'from-usage': {
      type: 'boolean',
      description: 'Recommend from what was sent through the proxy (its metering store, METERING_DB_URL)',
    },
    days: { type: 'string', description: 'With --from-usage: how many days back (default 30)' },
    user: { type: 'string', description: 'With --from-usage: only this user (id or username)' },
    free: { type: 'boolean', description: 'Only free models' },
    cheaper: { type: 'boolean', description: 'Only cheaper models' },
    local: { type: 'boolean', description: 'Only local models (Ollama, LM Studio)' },
    limit: { type: 'string', description: 'How many (default 5; with --from-usage, how many models)' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    if (args['from-usage']) {
      if (args.model) throw new Error('Give a model id or --from-usage, not both.');
      await _fromUsage(context, args);
      return;
    }
    if (!args.model) {
      throw new Error(
        'Give a model id (e.g. `ccp-select recommend openai/gpt-5`), or --from-usage to recommend from what you sent through the proxy.',
      );
    }
    _forModel(context, args.model, args);
  }),
});
