import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The CLI tests run the real bundle (`node dist/cli.js`), as `pnpm select` does; build it once.
export default function setup(): void {
  const appDirectory = join(import.meta.dirname, '..');
  const require = createRequire(join(appDirectory, 'package.json'));
  const tsupPackage = require.resolve('tsup/package.json');
  execFileSync(process.execPath, [join(tsupPackage, '..', 'dist', 'cli-default.js'), '--silent'], {
    cwd: appDirectory,
    stdio: 'inherit',
  });
}
