/**
 * Rewrites the generated table in README.md from `describeDialects()`.
 * Run: pnpm --filter @ccp/reasoning docs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeDialects } from '../src/__fixtures__/dialect-table';

const start = '<!-- dialect-table:start -->';
const end = '<!-- dialect-table:end -->';
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from === -1 || to === -1 || to < from) {
  throw new Error(`README.md lacks the ${start} … ${end} markers; add them where the table belongs.`);
}
const next = `${readme.slice(0, from + start.length)}\n${describeDialects()}\n${readme.slice(to)}`;
writeFileSync(readmePath, next);
console.log(next === readme ? 'README.md table already up to date' : 'README.md table rewritten');
