// Rebuilds models/openrouter_models.{json,csv} from a saved OpenRouter response.
// Usage: pnpm --filter @ccp/catalog run build-models [response.json] [output-directory]
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildCatalogFile,
  defaultLmStudioModels,
  defaultOllamaModels,
  writeCatalogFiles,
} from '../src/index';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const responsePath = resolve(
  process.argv[2] ?? join(repositoryRoot, 'packages/catalog/src/__fixtures__/openrouter-models-2025-06.json'),
);
const outputDirectory = resolve(process.argv[3] ?? join(repositoryRoot, 'models'));

const response: unknown = JSON.parse(await readFile(responsePath, 'utf8'));
const catalog = buildCatalogFile({
  openRouterResponse: response,
  localModels: [...defaultOllamaModels(), ...defaultLmStudioModels()],
  generatedAt: new Date().toISOString(),
  sources: { openRouter: `file:${basename(responsePath)}`, ollama: 'defaults', lmStudio: 'defaults' },
});
const { jsonPath, csvPath } = await writeCatalogFiles(outputDirectory, catalog);
console.log(`Wrote ${catalog.models.length} models to ${jsonPath} and ${csvPath}`);
