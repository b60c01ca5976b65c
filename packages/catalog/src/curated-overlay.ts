import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelCapabilityFlags } from '@ccp/reasoning';
import * as v from 'valibot';
import { findModelsDirectory } from './load-catalog';
import {
  type CatalogFile,
  type CatalogModel,
  LMSTUDIO_ENDPOINT,
  type ModelPricing,
  ModelProvenanceSchema,
  OLLAMA_ENDPOINT,
  OPENROUTER_ENDPOINT,
} from './model-schema';

export const CURATED_OVERLAY_FILE = 'curated-models.json';

const documentedPrice = v.optional(v.nullable(v.pipe(v.number(), v.minValue(0))));
const documentedCount = v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))));

/**
 * One hand-curated model. Every number is optional: `null` or absent means the provider's
 * documentation did not state it, and the merge then keeps whatever the snapshot knows.
 */
export const CuratedModelSchema = v.object({
  id: v.pipe(v.string(), v.minLength(3)),
  name: v.optional(v.string()),
  source: v.picklist(['openrouter', 'ollama', 'lmstudio']),
  contextWindow: documentedCount,
  maxOutput: documentedCount,
  pricing: v.optional(
    v.object({
      inputPerMillion: documentedPrice,
      outputPerMillion: documentedPrice,
      cacheReadPerMillion: documentedPrice,
      cacheWritePerMillion: documentedPrice,
    }),
  ),
  reasoning: v.optional(v.boolean()),
  vision: v.optional(v.boolean()),
  tools: v.optional(v.boolean()),
  endpoint: v.optional(v.pipe(v.string(), v.url())),
  provenance: ModelProvenanceSchema,
});

export const CuratedOverlaySchema = v.object({
  schemaVersion: v.literal(1),
  description: v.optional(v.string()),
  models: v.array(CuratedModelSchema),
});

export type CuratedModel = v.InferOutput<typeof CuratedModelSchema>;
export type CuratedOverlay = v.InferOutput<typeof CuratedOverlaySchema>;

const LOCAL_PREFIXES = { ollama: 'ollama/', lmstudio: 'lmstudio/' } as const;

function _idProblem(model: CuratedModel): string | undefined {
  if (model.source === 'openrouter') {
    if (!/^[a-z0-9][\w.-]*\/\S+$/i.test(model.id)) return 'needs a vendor/model id such as openai/gpt-5';
    if (model.id.startsWith('ollama/') || model.id.startsWith('lmstudio/'))
      return 'has a local prefix but source "openrouter"';
    return undefined;
  }
  const prefix = LOCAL_PREFIXES[model.source];
  if (!model.id.startsWith(prefix) || model.id.length === prefix.length)
    return `needs the "${prefix}" prefix for source "${model.source}"`;
  const price = model.pricing;
  if (price && Object.values(price).some((value) => value !== null && value !== undefined && value !== 0))
    return 'is a local model, so its prices must be 0 or left out';
  return undefined;
}

function _priceProblem(model: CuratedModel): string | undefined {
  if (model.source !== 'openrouter' || !model.pricing || model.id.endsWith(':free')) return undefined;
  for (const [field, value] of Object.entries(model.pricing)) {
    if (value === 0) return `has ${field} 0; leave a price out when it is not documented`;
  }
  return undefined;
}

/**
 * Validates a parsed overlay file: the schema, one entry per id, ids that follow the
 * catalog's conventions (`vendor/model`, `ollama/<tag>`, `lmstudio/<key>`), and positive
 * marketplace prices. Throws an error naming the first problem.
 *
 * @example
 * parseCuratedOverlay(JSON.parse(text)).models.length;
 */
export function parseCuratedOverlay(data: unknown, origin = 'The curated model overlay'): CuratedOverlay {
  const result = v.safeParse(CuratedOverlaySchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? (v.getDotPath(issue) ?? 'top level') : 'top level';
    throw new Error(
      `${origin} is not valid (${where}: ${issue?.message ?? 'invalid'}). Fix models/${CURATED_OVERLAY_FILE}.`,
    );
  }
  const seen = new Set<string>();
  for (const model of result.output.models) {
    if (seen.has(model.id))
      throw new Error(`${origin} lists ${model.id} twice. Keep one entry per model id.`);
    seen.add(model.id);
    const problem = _idProblem(model) ?? _priceProblem(model);
    if (problem) throw new Error(`${origin}: ${model.id} ${problem}.`);
  }
  return result.output;
}

/** Reads and validates an overlay file from an explicit path. */
export async function loadCuratedOverlay(path: string): Promise<CuratedOverlay> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read the curated model overlay at ${path} (${reason}). Check the path.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`The curated model overlay at ${path} is not valid JSON. Fix or restore it.`);
  }
  return parseCuratedOverlay(data, `The curated model overlay at ${path}`);
}

/**
 * The path of the overlay next to a catalog directory, or in the repository's `models/`
 * found from a module location; undefined when there is none.
 */
export function curatedOverlayPath(
  options: { directory?: string; from?: string | URL } = {},
): string | undefined {
  const directory = options.directory ?? findModelsDirectory(options.from ?? import.meta.url);
  if (!directory) return undefined;
  const path = join(directory, CURATED_OVERLAY_FILE);
  return existsSync(path) ? path : undefined;
}

function _isFree(id: string, pricing: ModelPricing): boolean {
  return id.endsWith(':free') || (pricing.inputPerMillion === 0 && pricing.outputPerMillion === 0);
}

/**
 * The flags of a curated model, by the rule every catalog entry follows (`modelCapabilityFlags`):
 * what the documentation states over what the model traits know, so a flag the overlay leaves
 * out is the one the gateway assumes, not `false`.
 */
function _flags(
  id: string,
  source: CuratedModel['source'],
  stated: { reasoning?: boolean | undefined; tools?: boolean | undefined; vision?: boolean | undefined },
) {
  const name = source === 'openrouter' ? id : id.slice(LOCAL_PREFIXES[source].length);
  return modelCapabilityFlags(name, source, stated);
}

function _newModel(curated: CuratedModel): CatalogModel {
  const local = curated.source !== 'openrouter';
  const slash = curated.id.indexOf('/');
  const pricing: ModelPricing = local
    ? { inputPerMillion: 0, outputPerMillion: 0, cacheReadPerMillion: 0, cacheWritePerMillion: 0 }
    : {
        inputPerMillion: curated.pricing?.inputPerMillion ?? null,
        outputPerMillion: curated.pricing?.outputPerMillion ?? null,
        cacheReadPerMillion: curated.pricing?.cacheReadPerMillion ?? null,
        cacheWritePerMillion: curated.pricing?.cacheWritePerMillion ?? null,
      };
  const defaultEndpoint =
    curated.source === 'ollama'
      ? OLLAMA_ENDPOINT
      : curated.source === 'lmstudio'
        ? LMSTUDIO_ENDPOINT
        : OPENROUTER_ENDPOINT;
  return {
    id: curated.id,
    name: curated.name ?? curated.id,
    provider: local ? curated.source : curated.id.slice(0, slash),
    source: curated.source,
    pricing,
    contextWindow: curated.contextWindow ?? null,
    maxOutput: curated.maxOutput ?? null,
    ..._flags(curated.id, curated.source, curated),
    free: local || _isFree(curated.id, pricing),
    local,
    endpoint: curated.endpoint ?? defaultEndpoint,
    provenance: curated.provenance,
  };
}

// The overlay holds facts read from the provider's own documentation, so for a model the
// snapshot already has, every value the overlay documents wins; values it leaves unknown
// (null or absent) keep the snapshot's.
function _mergeInto(existing: CatalogModel, curated: CuratedModel): CatalogModel {
  const pricing: ModelPricing = existing.local
    ? existing.pricing
    : {
        inputPerMillion: curated.pricing?.inputPerMillion ?? existing.pricing.inputPerMillion,
        outputPerMillion: curated.pricing?.outputPerMillion ?? existing.pricing.outputPerMillion,
        cacheReadPerMillion: curated.pricing?.cacheReadPerMillion ?? existing.pricing.cacheReadPerMillion,
        cacheWritePerMillion: curated.pricing?.cacheWritePerMillion ?? existing.pricing.cacheWritePerMillion,
      };
  return {
    ...existing,
    name: curated.name ?? existing.name,
    pricing,
    contextWindow: curated.contextWindow ?? existing.contextWindow,
    maxOutput: curated.maxOutput ?? existing.maxOutput,
    ..._flags(existing.id, existing.source, {
      reasoning: curated.reasoning ?? existing.reasoning,
      tools: curated.tools ?? existing.tools,
      vision: curated.vision ?? existing.vision,
    }),
    free: existing.local || _isFree(existing.id, pricing),
    endpoint: curated.endpoint ?? existing.endpoint,
    provenance: curated.provenance,
  };
}

/**
 * Merges curated models over a model list. A curated id the list already has is updated in
 * place, its documented values winning; a new id is added: local models after the other
 * models of the same server, marketplace models ahead of the existing marketplace (newest
 * first, as OpenRouter orders them). Applying the same overlay twice gives the same list.
 *
 * @example
 * applyCuratedOverlay(snapshot.models, overlay).find((model) => model.id === 'openai/gpt-5-mini')?.contextWindow;
 */
export function applyCuratedOverlay(
  models: readonly CatalogModel[],
  overlay: CuratedOverlay | readonly CuratedModel[],
): CatalogModel[] {
  const curatedModels: readonly CuratedModel[] = Array.isArray(overlay)
    ? overlay
    : (overlay as CuratedOverlay).models;
  const byId = new Map(curatedModels.map((curated) => [curated.id, curated]));
  const merged = models.map((model) => {
    const curated = byId.get(model.id);
    return curated ? _mergeInto(model, curated) : model;
  });
  const known = new Set(models.map((model) => model.id));
  const added = curatedModels.filter((curated) => !known.has(curated.id)).map(_newModel);
  const ofSource = (list: readonly CatalogModel[], source: CatalogModel['source']) =>
    list.filter((model) => model.source === source);
  return [
    ...ofSource(merged, 'ollama'),
    ...ofSource(added, 'ollama'),
    ...ofSource(merged, 'lmstudio'),
    ...ofSource(added, 'lmstudio'),
    ...ofSource(added, 'openrouter'),
    ...ofSource(merged, 'openrouter'),
  ];
}

/** `file:curated-models.json@<latest retrieved date>`, the label a catalog's `sources.curated` carries. */
export function curatedSourceLabel(overlay: CuratedOverlay): string {
  const latest = overlay.models
    .map((model) => model.provenance.retrieved)
    .sort()
    .at(-1);
  return latest ? `file:${CURATED_OVERLAY_FILE}@${latest}` : `file:${CURATED_OVERLAY_FILE}`;
}

/**
 * A catalog file with the overlay merged in and `sources.curated` naming it.
 *
 * @example
 * withCuratedOverlay(catalog, overlay).models.length;
 */
export function withCuratedOverlay(catalog: CatalogFile, overlay: CuratedOverlay): CatalogFile {
  return {
    ...catalog,
    sources: { ...catalog.sources, curated: curatedSourceLabel(overlay) },
    models: applyCuratedOverlay(catalog.models, overlay),
  };
}
