import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDirectory = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles the web dashboard's browser code (src/browser) with the modules it uses into one IIFE,
 * for an inline `<script>`: no imports, no network but the feed.
 */
export async function buildDashboardPageScript(): Promise<string> {
  const result = await build({
    absWorkingDir: packageDirectory,
    entryPoints: ['src/browser/dashboard-page-entry.ts'],
    tsconfig: 'tsconfig.browser.json',
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no page script.');
  // esbuild marks where each module begins with its path; inside node_modules, keep only the
  // package's own path, so the output does not depend on how the store lays packages out.
  return output.text.replace(/^(\s*\/\/ ).*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/gm, '$1');
}

/**
 * The checked-in module that carries a built script: one string per line, so a change to the
 * browser code shows up line by line in a diff.
 */
export function dashboardPageScriptModule(script: string): string {
  const lines = script.replace(/\n$/, '').split('\n');
  return [
    '// Generated from src/browser by src/page-script/build-dashboard-page-script.ts: do not edit.',
    '// After changing the browser code or a module it uses: pnpm --filter @ccp/dashboard-modules run build:page-script',
    '',
    '/** The browser code of the web dashboard, bundled into one IIFE for an inline `<script>`. */',
    'export const dashboardPageScript: string = [',
    ...lines.map((line) => `  ${JSON.stringify(line)},`),
    "].join('\\n');",
    '',
  ].join('\n');
}
