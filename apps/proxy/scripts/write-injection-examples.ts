// Regenerates examples/PROMPT_INJECTION_EXAMPLES.md from the recorded feed:
//   pnpm --filter @ccp/proxy exec tsx scripts/write-injection-examples.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FeedEvent, parseFeedEvent } from '@ccp/feed';
import { renderInjectionExamples } from '../src/prompt-injection/injection-examples';

const appDirectory = join(import.meta.dirname, '..');
const fixture = 'apps/proxy/src/prompt-injection/__fixtures__/busy-session.events.json';
const recorded: unknown[] = JSON.parse(readFileSync(join(appDirectory, '..', '..', fixture), 'utf8'));
const events = recorded.map((raw, index) => {
  const event = parseFeedEvent(raw);
  if (!event) throw new Error(`${fixture}: event ${index} is not a valid feed event.`);
  return event;
}) satisfies FeedEvent[];
const target = join(appDirectory, '..', '..', 'examples', 'PROMPT_INJECTION_EXAMPLES.md');
writeFileSync(target, renderInjectionExamples(events, fixture));
process.stdout.write(`wrote ${target}\n`);
