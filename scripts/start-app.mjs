#!/usr/bin/env node
// Starts one of the apps (proxy, selector, dashboard) from its bundle, building the bundle
// first only when a source it is made of changed since the last build. It runs the app in this
// very process, so Ctrl-C reaches the app alone and a clean stop ends with the app's own
// last line and exit code (the package scripts `exec` this file for the same reason).
//
//   node scripts/start-app.mjs proxy --port 9000
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apps = ['proxy', 'selector', 'dashboard'];
const [app, ...args] = process.argv.slice(2);
if (!apps.includes(app ?? '')) {
  process.stderr.write(`usage: node scripts/start-app.mjs <${apps.join('|')}> [options]\n`);
  process.exit(2);
}
const appDirectory = join(root, 'apps', app);
const bundle = join(appDirectory, 'dist', 'cli.js');

/** The newest modification time among the files a bundle is built from. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (/\.(ts|tsx|mts|js|mjs|json)$/.test(entry.name)) newest = Math.max(newest, statSync(child).mtimeMs);
    }
  };
  visit(join(appDirectory, 'src'));
  for (const file of ['package.json', 'tsup.config.ts']) {
    const path = join(appDirectory, file);
    if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  // The bundle inlines every workspace package.
  for (const name of readdirSync(join(root, 'packages'))) {
    visit(join(root, 'packages', name, 'src'));
    const manifest = join(root, 'packages', name, 'package.json');
    if (existsSync(manifest)) newest = Math.max(newest, statSync(manifest).mtimeMs);
  }
  return newest;
}

if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
  process.stderr.write(`building ${app}…\n`);
  const tsup = join(root, 'node_modules', '.bin', 'tsup');
  const build = spawnSync(tsup, ['--silent'], { cwd: appDirectory, stdio: 'inherit' });
  if (build.status !== 0) {
    const reason = build.error ? `: ${build.error.message} (run pnpm install first)` : '; see the messages above';
    process.stderr.write(`building ${app} failed${reason}.\n`);
    process.exit(build.status ?? 1);
  }
}

// The app reads its own arguments from process.argv, as if it had been started directly.
process.argv = [process.argv[0], bundle, ...args];
await import(pathToFileURL(bundle).href);
