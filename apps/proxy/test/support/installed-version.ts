import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The version of an installed package (or npm alias) as its own package.json says, found by
 * walking up from its entry point: several clients do not export `./package.json`.
 */
export function installedVersion(specifier: string): string {
  let directory = dirname(require.resolve(specifier));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.version && parsed.name) return parsed.version;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json with a version above ${specifier}`);
    directory = parent;
  }
}
