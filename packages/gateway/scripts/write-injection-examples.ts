// Regenerates examples/PROMPT_INJECTION_EXAMPLES.md from the recorded feed:
//   pnpm --filter @ccp/gateway exec tsx scripts/write-injection-examples.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FeedEvent, parseFeedEvent } from '@ccp/feed';
import { renderInjectionExamples } from '../src/prompt-injection/injection-examples';

const packageDirectory = join(import.meta.dirname, '..');
const fixture = 'packages/gateway/src/prompt-injection/__fixtures__/busy-session.events.json';
const recorded: unknown[] = JSON.parse(readFileSync(join(packageDirectory, '..', '..', fixture), 'utf8'));
const events = recorded.map((raw, index) => {
  const event = parseFeedEvent(raw);
  if (!event) throw new Error(`${fixture}: event ${index} is not a valid feed event.`);
  return event;
}) satisfies FeedEvent[];
const target = join(packageDirectory, '..', '..', 'examples', 'PROMPT_INJECTION_EXAMPLES.md');
writeFileSync(target, renderInjectionExamples(events, fixture));
process.stdout.write(`wrote ${target}\n`);
