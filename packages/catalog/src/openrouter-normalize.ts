import { modelCapabilityFlags } from '@ccp/reasoning';
import * as v from 'valibot';
import { type CatalogModel, OPENROUTER_ENDPOINT } from './model-schema';
import { perTokenToPerMillion } from './price-conversion';

const priceField = v.optional(v.nullable(v.union([v.string(), v.number()])));

/** The parts of OpenRouter's `GET /api/v1/models` entries that the catalog reads; extra fields pass. */
export const OpenRouterModelSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1)),
  name: v.optional(v.string()),
  context_length: v.optional(v.nullable(v.number())),
  architecture: v.optional(
    v.looseObject({
      input_modalities: v.optional(v.nullable(v.array(v.string()))),
    }),
  ),
  pricing: v.optional(
    v.looseObject({
      prompt: priceField,
      completion: priceField,
      input_cache_read: priceField,
      input_cache_write: priceField,
    }),
  ),
  top_provider: v.optional(
    v.nullable(
      v.looseObject({
        context_length: v.optional(v.nullable(v.number())),
        max_completion_tokens: v.optional(v.nullable(v.number())),
      }),
    ),
  ),
  supported_parameters: v.optional(v.nullable(v.array(v.string()))),
});

export const OpenRouterModelsResponseSchema = v.looseObject({
  data: v.array(OpenRouterModelSchema),
});

export type OpenRouterModel = v.InferOutput<typeof OpenRouterModelSchema>;

/**
 * Validates a raw OpenRouter models response and returns its entries.
 * Throws an error naming the first invalid entry so a broken download is never written.
 */
export function parseOpenRouterResponse(response: unknown): OpenRouterModel[] {
  const result = v.safeParse(OpenRouterModelsResponseSchema, response);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? v.getDotPath(issue) : undefined;
    throw new Error(
      `The OpenRouter models response is not in the expected shape (${where ?? 'top level'}: ${issue?.message ?? 'invalid'}). Check the URL points at /api/v1/models.`,
    );
  }
  return result.output.data;
}

function positiveIntegerOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Normalises one OpenRouter entry into a catalog model.
 *
 * The reasoning, tools and vision flags are `modelCapabilityFlags` of `@ccp/reasoning` over what
 * OpenRouter lists, the same answer the gateway reaches for the model: a model known to reason is
 * marked so even where the listing misses it (the o-series and Gemini 2.5 in the June 2025 data),
 * a listed `reasoning`/`include_reasoning` parameter always counts, and tools and image input are
 * taken as listed, since they depend on the route as well as the model.
 *
 * @example
 * normalizeOpenRouterModel({ id: 'openai/gpt-4o', pricing: { prompt: '0.0000025', completion: '0.00001' } });
 */
export function normalizeOpenRouterModel(model: OpenRouterModel): CatalogModel {
  const parameters = model.supported_parameters;
  const inputModalities = model.architecture?.input_modalities;
  const flags = modelCapabilityFlags(model.id, 'openrouter', {
    reasoning: parameters?.includes('reasoning') || parameters?.includes('include_reasoning'),
    tools: parameters ? parameters.includes('tools') : undefined,
    vision: inputModalities ? inputModalities.includes('image') : undefined,
  });
  const inputPerMillion = perTokenToPerMillion(model.pricing?.prompt);
  const outputPerMillion = perTokenToPerMillion(model.pricing?.completion);
  const slash = model.id.indexOf('/');
  return {
    id: model.id,
    name: model.name ?? model.id,
    provider: slash > 0 ? model.id.slice(0, slash) : 'openrouter',
    source: 'openrouter',
    pricing: {
      inputPerMillion,
      outputPerMillion,
      cacheReadPerMillion: perTokenToPerMillion(model.pricing?.input_cache_read),
      cacheWritePerMillion: perTokenToPerMillion(model.pricing?.input_cache_write),
    },
    contextWindow: positiveIntegerOrNull(model.context_length ?? model.top_provider?.context_length),
    maxOutput: positiveIntegerOrNull(model.top_provider?.max_completion_tokens),
    reasoning: flags.reasoning,
    vision: flags.vision,
    tools: flags.tools,
    free: model.id.endsWith(':free') || (inputPerMillion === 0 && outputPerMillion === 0),
    local: false,
    endpoint: OPENROUTER_ENDPOINT,
  };
}
