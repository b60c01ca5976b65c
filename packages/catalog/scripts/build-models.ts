// Rebuilds models/openrouter_models.{json,csv} from a saved OpenRouter response, with the
// curated overlay (models/curated-models.json) merged over it.
// Usage: pnpm --filter @ccp/catalog run build-models [response.json] [output-directory]
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildCatalogFile,
  CURATED_OVERLAY_FILE,
  defaultLmStudioModels,
  defaultOllamaModels,
  loadCuratedOverlay,
  withCuratedOverlay,
  writeCatalogFiles,
} from '../src/index';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const responsePath = resolve(
  process.argv[2] ?? join(repositoryRoot, 'packages/catalog/src/__fixtures__/openrouter-models-2025-06.json'),
);
const outputDirectory = resolve(process.argv[3] ?? join(repositoryRoot, 'models'));

const response: unknown = JSON.parse(await readFile(responsePath, 'utf8'));
const overlay = await loadCuratedOverlay(join(repositoryRoot, 'models', CURATED_OVERLAY_FILE));
const snapshot = buildCatalogFile({
  openRouterResponse: response,
  localModels: [...defaultOllamaModels(), ...defaultLmStudioModels()],
  generatedAt: new Date().toISOString(),
  sources: { openRouter: `file:${basename(responsePath)}`, ollama: 'defaults', lmStudio: 'defaults' },
});
const catalog = withCuratedOverlay(snapshot, overlay);
const { jsonPath, csvPath } = await writeCatalogFiles(outputDirectory, catalog);
console.log(
  `Wrote ${catalog.models.length} models (${overlay.models.length} curated) to ${jsonPath} and ${csvPath}`,
);
