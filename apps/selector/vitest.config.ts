import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'selector',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
