import { dirname, resolve } from 'node:path';
import { curatedOverlayPath, loadCuratedOverlay, refreshCatalog, writeCatalogFiles } from '@ccp/catalog';
import { flagArguments } from '@ccp/config';
import { defineCommand } from 'citty';
import { createAppContext, guarded, printJson, sharedArguments } from '../app-context';

export const fetchModelsCommand = defineCommand({
  meta: {
    name: 'fetch-models',
    description: 'Refresh the catalog from OpenRouter and discover models on a running Ollama / LM Studio',
  },
  args: {
    ...sharedArguments,
    'output-dir': {
      type: 'string',
      description: 'Where to write openrouter_models.{json,csv} (default: next to the catalog in use)',
    },
    ...flagArguments('openrouter-url', 'ollama-url', 'lmstudio-url'),
    timeout: { type: 'string', description: 'Seconds to wait for each source (default 15)' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const timeoutSeconds = args.timeout === undefined ? 15 : Number(args.timeout);
    if (!(timeoutSeconds > 0))
      throw new Error(`--timeout must be a positive number of seconds, got "${args.timeout}".`);
    // The curated overlay beside the catalog in use keeps documented models across a refresh.
    const overlayPath = curatedOverlayPath({ directory: dirname(context.catalogPath) });
    const result = await refreshCatalog({
      curated: overlayPath ? await loadCuratedOverlay(overlayPath) : undefined,
      fetch: (url, init) => fetch(url, init),
      current: context.catalogFile,
      generatedAt: new Date().toISOString(),
      openRouterUrl: context.settings.openRouterModelsUrl,
      openRouterApiKey: context.settings.openRouterApiKey,
      ollamaUrl: context.settings.ollamaUrl,
      lmStudioUrl: context.settings.lmStudioUrl,
      timeoutMilliseconds: timeoutSeconds * 1000,
    });
    const outputDirectory = resolve(args['output-dir'] ?? dirname(context.catalogPath));
    const written = result.changed ? await writeCatalogFiles(outputDirectory, result.catalog) : undefined;
    if (args.json) {
      printJson({
        changed: result.changed,
        reports: result.reports,
        modelCount: result.catalog.models.length,
        written,
      });
      return;
    }
    const { style } = context;
    for (const report of result.reports) {
      const mark =
        report.status === 'updated'
          ? style.green('✓')
          : report.status === 'offline'
            ? style.yellow('○')
            : style.red('✗');
      console.log(`${mark} ${report.message}`);
    }
    if (written)
      console.log(
        `Wrote ${result.catalog.models.length} models to ${written.jsonPath} and ${written.csvPath}.`,
      );
    else
      console.log(
        style.yellow(`Offline: no source answered, so the snapshot at ${context.catalogPath} is unchanged.`),
      );
  }),
});
