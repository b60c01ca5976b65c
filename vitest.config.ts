import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      // Rules about the workspace as a whole (layout, dependency direction).
      { test: { name: 'workspace', include: ['scripts/**/*.test.mjs'] } },
    ],
  },
});
