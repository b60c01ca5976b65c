import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findModelsDirectory, loadCatalogFile, loadShippedCatalog } from './load-catalog';

describe('loading a catalog', () => {
  it('walks up from a bundled module location to the models/ directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ccp-walk-'));
    await mkdir(join(root, 'models'));
    await mkdir(join(root, 'apps/selector/dist'), { recursive: true });
    const catalog = {
      schemaVersion: 1,
      generatedAt: 'x',
      sources: { openRouter: 'a', ollama: 'b', lmStudio: 'c' },
      models: [],
    };
    await writeFile(join(root, 'models/openrouter_models.json'), JSON.stringify(catalog));
    const bundle = pathToFileURL(join(root, 'apps/selector/dist/cli.js'));
    expect(findModelsDirectory(bundle)).toBe(join(root, 'models'));
    expect((await loadShippedCatalog({ from: bundle })).models).toEqual([]);
    expect(findModelsDirectory(join(tmpdir(), 'surely-no-models-here', 'x.js'))).toBeUndefined();
  });

  it('prefers an explicit path', async () => {
    await expect(loadShippedCatalog({ path: '/nonexistent/catalog.json' })).rejects.toThrow(
      /Cannot read the model catalog at \/nonexistent\/catalog\.json/,
    );
  });

  it('names the bad field of an invalid catalog and says how to fix it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ccp-bad-'));
    const path = join(directory, 'bad.json');
    await writeFile(
      path,
      JSON.stringify({
        schemaVersion: 1,
        generatedAt: 'x',
        sources: { openRouter: 'a', ollama: 'b', lmStudio: 'c' },
        models: [{ id: 'x' }],
      }),
    );
    await expect(loadCatalogFile(path)).rejects.toThrow(/models\.0\.name.*fetch-models/);
    await writeFile(path, '{ not json');
    await expect(loadCatalogFile(path)).rejects.toThrow(/not valid JSON/);
  });
});
