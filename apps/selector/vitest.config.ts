import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'selector',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/build-cli.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
