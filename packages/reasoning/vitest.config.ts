import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'reasoning',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
