import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/page-script/dashboard-page-script.generated.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
