import { readFileSync } from 'node:fs';

/** The text of `src/stream/__fixtures__/<name>.chunks.txt`: one upstream SSE data payload per line. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../src/stream/__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8');
}
