import { defineConfig } from 'tsup';

// Apps ship as one bundle with the workspace packages inlined, so `node dist/cli.js`
// runs without building every package first.
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  noExternal: [/^@ccp\//],
  banner: { js: '#!/usr/bin/env node' },
});
