import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'dashboard-modules',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
