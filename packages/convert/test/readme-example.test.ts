import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// The README's example is code users copy. It lives in readme-example.ts (so the type check
// covers it); this checks the README shows that file exactly, runs it, and compares what it
// prints with the `// →` lines under each console.log.

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');

describe('README example', () => {
  it('is readme-example.ts, verbatim', () => {
    const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
    expect(blocks).toEqual([example]);
  });

  it('prints what its comments say', async () => {
    const expected = example
      .split('\n')
      .filter((line) => line.startsWith('// → '))
      .map((line) => line.slice('// → '.length));
    expect(expected.length).toBeGreaterThan(3);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
      printed.push(values.map(String).join(' '));
    });
    try {
      await import('./readme-example');
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(expected);
  });
});
