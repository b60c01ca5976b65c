import { defineCommand } from 'citty';
import { createAppContext, guarded, printJson, sharedArguments } from '../app-context';
import { formatModelDetails, formatModelRow, modelTableHeader } from '../format-model';

const listCommand = defineCommand({
  meta: { name: 'list', description: 'List models, filtered by capability, provider or text' },
  args: {
    ...sharedArguments,
    free: { type: 'boolean', description: 'Only free models' },
    reasoning: { type: 'boolean', description: 'Only reasoning models' },
    vision: { type: 'boolean', description: 'Only models that read images' },
    tools: { type: 'boolean', description: 'Only models with tool calling' },
    local: { type: 'boolean', description: 'Only Ollama and LM Studio models' },
    provider: { type: 'string', description: 'Only this provider (openai, anthropic, ollama, …)' },
    search: { type: 'string', description: 'Words that must appear in the id or name' },
    limit: { type: 'string', description: 'Show at most this many' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const models = context.catalog.filter({
      free: args.free || undefined,
      reasoning: args.reasoning || undefined,
      vision: args.vision || undefined,
      tools: args.tools || undefined,
      local: args.local || undefined,
      provider: args.provider,
      search: args.search,
      includeMarketplace: context.includeMarketplace,
    });
    const limit = args.limit === undefined ? models.length : Number.parseInt(args.limit, 10);
    if (!Number.isInteger(limit) || limit < 0)
      throw new Error(`--limit must be a whole number, got "${args.limit}".`);
    const shown = models.slice(0, limit);
    if (args.json) {
      printJson({ count: models.length, models: shown });
      return;
    }
    const { style } = context;
    console.log(modelTableHeader(false, style));
    for (const model of shown) console.log(formatModelRow(model, undefined, style));
    console.log(
      style.dim(
        `${shown.length} of ${models.length} model(s)${context.includeMarketplace ? '' : ' (marketplace hidden: ENABLE_OPENROUTER_SELECTION=false)'}; R reasoning, V vision, T tools, L local`,
      ),
    );
  }),
});

const showCommand = defineCommand({
  meta: { name: 'show', description: 'Show one model' },
  args: {
    ...sharedArguments,
    id: { type: 'positional', description: 'Model id, e.g. openai/gpt-4o', required: true },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const model = context.catalog.findModel(args.id);
    if (!model) {
      const suggestions = context.catalog
        .search(args.id.split('/').pop() ?? args.id)
        .slice(0, 5)
        .map((each) => each.id);
      throw new Error(
        `No model "${args.id}" in the catalog.${suggestions.length > 0 ? ` Did you mean: ${suggestions.join(', ')}?` : ''} Try \`ccp-select models list --search <text>\`.`,
      );
    }
    if (args.json) printJson(model);
    else console.log(formatModelDetails(model, context.style));
  }),
});

export const modelsCommand = defineCommand({
  meta: { name: 'models', description: 'Query the model catalog' },
  subCommands: { list: listCommand, show: showCommand },
});
