import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'metering',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
