// The layout rules the README states, checked on the code: libraries never depend on apps, apps
// never on each other, and library sources read no process environment or argv.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const manifest = (folder) => JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
const workspaces = (kind) =>
  readdirSync(join(root, kind))
    .filter((name) => statSync(join(root, kind, name)).isDirectory())
    .map((name) => ({ folder: `${kind}/${name}`, name: manifest(`${kind}/${name}`).name }));
const packages = workspaces('packages');
const apps = workspaces('apps');
const appNames = new Set(apps.map((app) => app.name));

function sources(folder) {
  const files = [];
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', '__fixtures__', '__snapshots__'].includes(entry.name)) visit(child);
      } else if (/\.ts$/.test(entry.name) && !/\.(test|bench)\.ts$/.test(entry.name)) files.push(child);
    }
  };
  visit(join(root, folder, 'src'));
  return files;
}

const dependencyNames = (folder) => {
  const { dependencies = {}, devDependencies = {}, peerDependencies = {} } = manifest(folder);
  return Object.keys({ ...dependencies, ...devDependencies, ...peerDependencies });
};

describe('workspace layout', () => {
  it('has the packages and apps the README names', () => {
    expect(packages.length).toBeGreaterThanOrEqual(10);
    expect([...appNames].sort()).toEqual(['@ccp/dashboard', '@ccp/proxy', '@ccp/selector']);
  });

  it('no package depends on an app, and no app on another app', () => {
    for (const workspace of [...packages, ...apps]) {
      const onApps = dependencyNames(workspace.folder).filter((name) => appNames.has(name) && name !== workspace.name);
      expect(onApps, `${workspace.folder} depends on apps`).toEqual([]);
    }
  });

  it('no source file imports an app', () => {
    for (const workspace of [...packages, ...apps]) {
      for (const file of sources(workspace.folder)) {
        const text = readFileSync(file, 'utf8');
        for (const app of appNames) {
          if (app === workspace.name) continue;
          expect(text.includes(`'${app}'`) || text.includes(`'${app}/`), `${file} imports ${app}`).toBe(false);
        }
        expect(/from '(\.\.\/)+apps\//.test(text), `${file} reaches into apps/`).toBe(false);
      }
    }
  });

  it('library sources read no process environment or argv', () => {
    for (const workspace of packages) {
      for (const file of sources(workspace.folder)) {
        const text = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
        expect(/process\.(env|argv)\b/.test(text), `${file} reads process.env or process.argv`).toBe(false);
      }
    }
  });
});
