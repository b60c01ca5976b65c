import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { CATALOG_JSON_FILE } from './build-catalog';
import { type CatalogFile, CatalogFileSchema } from './model-schema';

/**
 * Validates parsed snapshot JSON. Throws an error naming the first bad field.
 *
 * @example
 * parseCatalogFile(JSON.parse(text)).models.length;
 */
export function parseCatalogFile(data: unknown, origin = 'the model catalog'): CatalogFile {
  const result = v.safeParse(CatalogFileSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? (v.getDotPath(issue) ?? 'top level') : 'top level';
    throw new Error(
      `${origin} is not a valid catalog (${where}: ${issue?.message ?? 'invalid'}). Rebuild it with \`ccp-select fetch-models\` or restore models/${CATALOG_JSON_FILE}.`,
    );
  }
  return result.output;
}

/** Reads and validates a snapshot file from an explicit path. */
export async function loadCatalogFile(path: string): Promise<CatalogFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot read the model catalog at ${path} (${reason}). Check the path or run \`ccp-select fetch-models\`.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(
      `The model catalog at ${path} is not valid JSON. Restore it or run \`ccp-select fetch-models\`.`,
    );
  }
  return parseCatalogFile(data, `The model catalog at ${path}`);
}

/**
 * Finds the repository's `models/` directory by walking up from a module location. Works
 * from `packages/catalog/src` and from an app bundle such as `apps/selector/dist/cli.js`.
 * Returns undefined when no `models/openrouter_models.json` is found.
 */
export function findModelsDirectory(startUrlOrPath: string | URL): string | undefined {
  const start =
    startUrlOrPath instanceof URL || startUrlOrPath.startsWith('file:')
      ? fileURLToPath(startUrlOrPath)
      : resolve(startUrlOrPath);
  let directory = existsSync(join(start, CATALOG_JSON_FILE)) ? start : dirname(start);
  for (;;) {
    const candidate = join(directory, 'models');
    if (existsSync(join(candidate, CATALOG_JSON_FILE))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

export type ShippedCatalogOptions = {
  /** An explicit snapshot file; wins over the search. */
  path?: string;
  /** Where to start looking for `models/`; defaults to this module's location. */
  from?: string | URL;
};

/** The path of the shipped snapshot JSON, or undefined when it cannot be found. */
export function shippedCatalogPath(options: ShippedCatalogOptions = {}): string | undefined {
  if (options.path) return options.path;
  const directory = findModelsDirectory(options.from ?? import.meta.url);
  return directory ? join(directory, CATALOG_JSON_FILE) : undefined;
}

/**
 * Loads the snapshot shipped in `models/openrouter_models.json`, found relative to this
 * module (also when bundled into an app's `dist/`), or from `options.path`.
 *
 * @example
 * const catalog = createCatalog((await loadShippedCatalog()).models);
 */
export async function loadShippedCatalog(options: ShippedCatalogOptions = {}): Promise<CatalogFile> {
  const path = shippedCatalogPath(options);
  if (!path) {
    throw new Error(
      `Cannot find models/${CATALOG_JSON_FILE} above ${String(options.from ?? import.meta.url)}. Pass the catalog path explicitly (--catalog) or run \`ccp-select fetch-models\`.`,
    );
  }
  return loadCatalogFile(path);
}
