import { type ModelFamily, modelCapabilityFlags, modelFamily, type ProviderDialect } from '@ccp/reasoning';
import type { Catalog } from './catalog-query';
import { type CatalogModel, LMSTUDIO_ENDPOINT, OLLAMA_ENDPOINT, OPENROUTER_ENDPOINT } from './model-schema';

// The catalog's id prefix for the models a provider serves under its own short names.
const VENDOR_BY_DIALECT: Partial<Record<ProviderDialect, string>> = {
  openai: 'openai',
  azure: 'openai',
  deepseek: 'deepseek',
  ollama: 'ollama',
  lmstudio: 'lmstudio',
  gemini: 'google',
  dashscope: 'qwen',
};

// A dated snapshot (`gpt-4.1-2025-04-14`, `claude-sonnet-4-20250514`) is the model the catalog lists undated.
const DATE_SUFFIX = /-(20\d{2}-\d{2}-\d{2}|20\d{6})$/;

function _baseName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * Finds the catalog entry for a model id as an upstream spells it: `gpt-4o` on OpenAI is
 * `openai/gpt-4o` in the catalog, `qwen3:8b` on Ollama is `ollama/qwen3:8b`, a dated snapshot
 * is its undated model, and any other vendor's copy of the same name is taken last. Results are
 * cached per finder (a bounded map).
 *
 * @example
 * const find = createServedModelFinder(catalog);
 * find('gpt-4.1-2025-04-14', 'openai')?.id; // 'openai/gpt-4.1'
 */
export function createServedModelFinder(
  catalog: Catalog | undefined,
): (model: string, dialect: ProviderDialect) => CatalogModel | undefined {
  const cache = new Map<string, CatalogModel | null>();
  const byBaseName = new Map<string, CatalogModel>();
  for (const model of catalog?.models ?? []) {
    const base = _baseName(model.id);
    if (!byBaseName.has(base)) byBaseName.set(base, model);
  }
  const lookUp = (model: string, vendor: string | undefined): CatalogModel | undefined =>
    catalog?.findModel(model) ??
    (vendor ? catalog?.findModel(`${vendor}/${model}`) : undefined) ??
    byBaseName.get(_baseName(model));

  return (model, dialect) => {
    if (!catalog) return undefined;
    const key = `${dialect}\u0000${model}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const vendor = VENDOR_BY_DIALECT[dialect];
    const undated = model.replace(DATE_SUFFIX, '');
    const found = lookUp(model, vendor) ?? (undated !== model ? lookUp(undated, vendor) : undefined);
    if (cache.size > 1000) cache.clear();
    cache.set(key, found ?? null);
    return found;
  };
}

/** A model the catalog does not list, described from its name alone. */
export type InferredModel = {
  /** A catalog-shaped entry: flags from the model traits, prices and limits unknown (null). */
  model: CatalogModel;
  /** The family the name belongs to; `unknown` when it matches none. */
  family: ModelFamily;
  /** True when the name tells something: a known family, or at least one capability. */
  recognised: boolean;
};

/** The dialect a catalog-style id is served on: its local server, or the OpenRouter marketplace. */
export function catalogIdDialect(id: string): ProviderDialect {
  if (id.startsWith('ollama/')) return 'ollama';
  if (id.startsWith('lmstudio/')) return 'lmstudio';
  return 'openrouter';
}

/**
 * Describes a model that is not in the catalog from its family name, with the same model traits
 * the gateway uses for it: reasoning, tools and vision as the name tells, prices, context window
 * and output limit unknown (`null`), so nothing downstream mistakes it for a free or small model.
 *
 * @example
 * inferModel('openai/gpt-5.3').model.reasoning; // true (family openai-reasoning)
 * inferModel('ollama/qwen3:4b').model.local; // true
 */
export function inferModel(id: string, dialect: ProviderDialect = catalogIdDialect(id)): InferredModel {
  const flags = modelCapabilityFlags(id, dialect);
  const family = modelFamily(id, dialect);
  const source = dialect === 'ollama' ? 'ollama' : dialect === 'lmstudio' ? 'lmstudio' : 'openrouter';
  const local = source !== 'openrouter';
  const slash = id.indexOf('/');
  const unknownPrice = local ? 0 : null;
  return {
    model: {
      id,
      name: id,
      provider: local ? source : slash === -1 ? 'unknown' : id.slice(0, slash),
      source,
      pricing: {
        inputPerMillion: unknownPrice,
        outputPerMillion: unknownPrice,
        cacheReadPerMillion: unknownPrice,
        cacheWritePerMillion: unknownPrice,
      },
      contextWindow: null,
      maxOutput: null,
      ...flags,
      free: local,
      local,
      endpoint:
        source === 'ollama'
          ? OLLAMA_ENDPOINT
          : source === 'lmstudio'
            ? LMSTUDIO_ENDPOINT
            : OPENROUTER_ENDPOINT,
    },
    family,
    recognised: family !== 'unknown' || flags.reasoning || flags.tools || flags.vision,
  };
}
