import * as v from 'valibot';

/** Where a model is served: the OpenRouter marketplace or a local server. */
export type ModelSource = 'openrouter' | 'ollama' | 'lmstudio';

const nullablePrice = v.nullable(v.pipe(v.number(), v.minValue(0)));
const nullableCount = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));

/** Prices in US dollars per one million tokens; `null` when the provider does not publish one. */
export const ModelPricingSchema = v.object({
  inputPerMillion: nullablePrice,
  outputPerMillion: nullablePrice,
  cacheReadPerMillion: nullablePrice,
  cacheWritePerMillion: nullablePrice,
});

/** Where a hand-curated model's facts were read: the provider's page and the day it was read. */
export const ModelProvenanceSchema = v.object({
  source: v.pipe(v.string(), v.url()),
  retrieved: v.pipe(v.string(), v.isoDate()),
  note: v.optional(v.string()),
});

export const CatalogModelSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  name: v.string(),
  provider: v.string(),
  source: v.picklist(['openrouter', 'ollama', 'lmstudio']),
  pricing: ModelPricingSchema,
  contextWindow: nullableCount,
  maxOutput: nullableCount,
  reasoning: v.boolean(),
  vision: v.boolean(),
  tools: v.boolean(),
  free: v.boolean(),
  local: v.boolean(),
  endpoint: v.string(),
  /** Present on models from the curated overlay (`models/curated-models.json`). */
  provenance: v.optional(ModelProvenanceSchema),
});

export const CatalogFileSchema = v.object({
  schemaVersion: v.literal(1),
  generatedAt: v.string(),
  sources: v.object({
    openRouter: v.string(),
    ollama: v.string(),
    lmStudio: v.string(),
    /** The curated overlay merged over the other sources, when one was. */
    curated: v.optional(v.string()),
  }),
  models: v.array(CatalogModelSchema),
});

export type ModelPricing = v.InferOutput<typeof ModelPricingSchema>;
export type ModelProvenance = v.InferOutput<typeof ModelProvenanceSchema>;
/** One model with normalised metadata, as stored in `models/openrouter_models.json`. */
export type CatalogModel = v.InferOutput<typeof CatalogModelSchema>;
/** The whole snapshot file: local models first, then the OpenRouter marketplace. */
export type CatalogFile = v.InferOutput<typeof CatalogFileSchema>;

/** The capability shape other packages (reasoning, config, dashboards) read. */
export type ModelCapabilities = {
  reasoning: boolean;
  vision: boolean;
  tools: boolean;
  contextWindow: number | null;
  maxOutput: number | null;
};

export const OPENROUTER_ENDPOINT = 'https://openrouter.ai/api/v1';
export const OLLAMA_ENDPOINT = 'http://localhost:11434/v1';
export const LMSTUDIO_ENDPOINT = 'http://localhost:1234/v1';
