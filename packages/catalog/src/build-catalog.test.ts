import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalogFile, writeCatalogFiles } from './build-catalog';
import { catalogToCsv, csvField, parseCsv } from './catalog-csv';
import { applyCuratedOverlay, loadCuratedOverlay } from './curated-overlay';
import { loadCatalogFile, loadShippedCatalog } from './load-catalog';
import { defaultLmStudioModels, defaultOllamaModels } from './local-models';

const sourcePath = join(import.meta.dirname, '__fixtures__/openrouter-models-2025-06.json');

describe('building the snapshot', () => {
  it('reproduces the shipped models/ from the source response and the curated overlay (run build-models after changing the code)', async () => {
    const response: unknown = JSON.parse(await readFile(sourcePath, 'utf8'));
    const built = buildCatalogFile({
      openRouterResponse: response,
      localModels: [...defaultOllamaModels(), ...defaultLmStudioModels()],
      generatedAt: 'test',
      sources: { openRouter: 'file', ollama: 'defaults', lmStudio: 'defaults' },
    });
    const shipped = await loadShippedCatalog();
    const overlay = await loadCuratedOverlay(
      join(import.meta.dirname, '../../../models/curated-models.json'),
    );
    expect(applyCuratedOverlay(built.models, overlay)).toEqual(shipped.models);
    const shippedCsv = await readFile(
      join(import.meta.dirname, '../../../models/openrouter_models.csv'),
      'utf8',
    );
    expect(shippedCsv).toBe(catalogToCsv(shipped.models));
  });

  it('writes JSON and CSV that read back to the same models', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ccp-catalog-'));
    const response = {
      data: [
        {
          id: 'acme/quote"and,comma',
          name: 'Acme: "Quoted", with comma\nand newline',
          context_length: 1000,
          pricing: { prompt: '0.000001', completion: '0.000002' },
          supported_parameters: ['tools'],
          architecture: { input_modalities: ['text'] },
          top_provider: { max_completion_tokens: null },
        },
      ],
    };
    const catalog = buildCatalogFile({
      openRouterResponse: response,
      localModels: defaultLmStudioModels(),
      generatedAt: '2025-06-30T00:00:00.000Z',
      sources: { openRouter: 'test', ollama: 'defaults', lmStudio: 'defaults' },
    });
    const { jsonPath, csvPath } = await writeCatalogFiles(directory, catalog);
    expect((await loadCatalogFile(jsonPath)).models).toEqual(catalog.models);
    const rows = parseCsv(await readFile(csvPath, 'utf8'));
    expect(rows.length).toBe(catalog.models.length + 1);
    const header = rows[0] ?? [];
    const last = rows.at(-1) ?? [];
    expect(last[header.indexOf('id')]).toBe('acme/quote"and,comma');
    expect(last[header.indexOf('name')]).toBe('Acme: "Quoted", with comma\nand newline');
    expect(last[header.indexOf('input_price_per_million')]).toBe('1');
    expect(last[header.indexOf('max_output')]).toBe('');
    expect(last[header.indexOf('tools')]).toBe('true');
  });

  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(0.0375)).toBe('0.0375');
  });

  it('rejects a response that is not a models list, naming the field', () => {
    expect(() =>
      buildCatalogFile({
        openRouterResponse: { data: [{ name: 'no id' }] },
        localModels: [],
        generatedAt: 'x',
        sources: { openRouter: 'x', ollama: 'x', lmStudio: 'x' },
      }),
    ).toThrow(/data\.0\.id/);
  });
});
