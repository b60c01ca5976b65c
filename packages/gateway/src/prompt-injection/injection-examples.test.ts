import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateTextTokens } from '@ccp/convert';
import { promptInjectionBudgets } from '@ccp/dashboard-modules';
import { type FeedEvent, parseFeedEvent } from '@ccp/feed';
import { describe, expect, it } from 'vitest';
import recording from './__fixtures__/busy-session.events.json';
import { renderInjectionExamples } from './injection-examples';

const examplesPath = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'examples',
  'PROMPT_INJECTION_EXAMPLES.md',
);
const events = recording
  .map((raw) => parseFeedEvent(raw))
  .filter((event): event is FeedEvent => event !== null);
const generated = renderInjectionExamples(
  events,
  'packages/gateway/src/prompt-injection/__fixtures__/busy-session.events.json',
);

describe('examples/PROMPT_INJECTION_EXAMPLES.md', () => {
  it('is up to date (regenerate: pnpm --filter @ccp/gateway exec tsx scripts/write-injection-examples.ts)', () => {
    expect(readFileSync(examplesPath, 'utf8')).toBe(generated);
  });

  it('shows every size within its budget, with the token count it states', () => {
    const sections = [
      ...generated.matchAll(/### (.+) — (\d+) tokens \(max (\d+)\)\n\n```text\n([^`]*)\n```/g),
    ];
    expect(sections.length).toBe(7);
    for (const [, , stated, maximum, text] of sections) {
      expect(estimateTextTokens(text ?? '')).toBe(Number(stated));
      expect(Number(stated)).toBeLessThanOrEqual(Number(maximum));
    }
    expect(sections.map((section) => Number(section[3]))).toEqual([
      promptInjectionBudgets.large.max,
      promptInjectionBudgets.large.max,
      promptInjectionBudgets.medium.max,
      promptInjectionBudgets.medium.max,
      promptInjectionBudgets.small.max,
      promptInjectionBudgets.small.max,
      promptInjectionBudgets.small.max,
    ]);
  });
});
