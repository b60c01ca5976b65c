import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { catalogToCsv } from './catalog-csv';
import type { CatalogFile, CatalogModel } from './model-schema';
import { normalizeOpenRouterModel, parseOpenRouterResponse } from './openrouter-normalize';

export const CATALOG_JSON_FILE = 'openrouter_models.json';
export const CATALOG_CSV_FILE = 'openrouter_models.csv';

export type BuildCatalogOptions = {
  /** A raw `GET /api/v1/models` response body (`{ data: [...] }`). */
  openRouterResponse: unknown;
  /** Local models, listed before the marketplace. */
  localModels: readonly CatalogModel[];
  generatedAt: string;
  sources: CatalogFile['sources'];
};

/**
 * Builds the snapshot: local models first, then every OpenRouter model normalised, in the
 * order OpenRouter returned them. Duplicate ids keep their first entry.
 *
 * @example
 * buildCatalogFile({ openRouterResponse, localModels: [...defaultOllamaModels(), ...defaultLmStudioModels()],
 *   generatedAt: new Date().toISOString(), sources: { openRouter: 'file', ollama: 'defaults', lmStudio: 'defaults' } });
 */
export function buildCatalogFile(options: BuildCatalogOptions): CatalogFile {
  const marketplace = parseOpenRouterResponse(options.openRouterResponse).map(normalizeOpenRouterModel);
  const seen = new Set<string>();
  const models: CatalogModel[] = [];
  for (const model of [...options.localModels, ...marketplace]) {
    if (seen.has(model.id)) continue;
    seen.add(model.id);
    models.push(model);
  }
  return { schemaVersion: 1, generatedAt: options.generatedAt, sources: options.sources, models };
}

/** Writes `openrouter_models.json` and `openrouter_models.csv` into a directory, each atomically. */
export async function writeCatalogFiles(
  directory: string,
  catalog: CatalogFile,
): Promise<{ jsonPath: string; csvPath: string }> {
  const jsonPath = join(directory, CATALOG_JSON_FILE);
  const csvPath = join(directory, CATALOG_CSV_FILE);
  await writeFileAtomic(jsonPath, `${JSON.stringify(catalog, null, 2)}\n`);
  await writeFileAtomic(csvPath, catalogToCsv(catalog.models));
  return { jsonPath, csvPath };
}
