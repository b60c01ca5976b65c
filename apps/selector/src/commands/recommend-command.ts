import { recommendAlternatives } from '@ccp/catalog';
import { defineCommand } from 'citty';
import { createAppContext, guarded, printJson, sharedArguments } from '../app-context';
import { formatModelRow } from '../format-model';

export const recommendCommand = defineCommand({
  meta: {
    name: 'recommend',
    description: 'Free or cheaper alternatives to a model, with a score and reasons',
  },
  args: {
    ...sharedArguments,
    model: { type: 'positional', required: true, description: 'Model id, e.g. anthropic/claude-sonnet-4' },
    free: { type: 'boolean', description: 'Only free models' },
    cheaper: { type: 'boolean', description: 'Only cheaper models' },
    limit: { type: 'string', description: 'How many (default 5)' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const limit = args.limit === undefined ? 5 : Number.parseInt(args.limit, 10);
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`--limit must be a positive whole number, got "${args.limit}".`);
    const results = recommendAlternatives(context.catalog, args.model, {
      free: args.free,
      cheaper: args.cheaper,
      limit,
      includeMarketplace: context.includeMarketplace,
    });
    if (args.json) {
      printJson({
        model: args.model,
        alternatives: results.map((result) => ({
          id: result.model.id,
          score: result.score,
          reasons: result.reasons,
          model: result.model,
        })),
      });
      return;
    }
    if (results.length === 0) console.log('No alternatives match. Try without --free/--cheaper.');
    for (const result of results) {
      console.log(
        `${context.style.bold(String(result.score).padStart(3))} ${formatModelRow(result.model, undefined, context.style)}`,
      );
      console.log(context.style.dim(`     ${result.reasons.join('; ')}`));
    }
  }),
});
