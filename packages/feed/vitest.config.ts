import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'feed',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
