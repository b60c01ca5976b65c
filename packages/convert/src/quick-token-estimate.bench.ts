import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import type { AnthropicCountTokensRequest } from './anthropic-api';
import { countAnthropicRequestTokens } from './estimate-tokens';
import { estimateRequestTokensQuickly, TokenEstimateCache } from './quick-token-estimate';

// Per-request input estimate on the ~117 KB Claude Code first turn: `pnpm vitest bench --project convert --run src/quick-token-estimate`.
const request = JSON.parse(
  readFileSync(new URL('./__fixtures__/claude-code-first-turn.json', import.meta.url), 'utf8'),
) as AnthropicCountTokensRequest;
const cache = new TokenEstimateCache();

describe('input token estimate, Claude Code first turn', () => {
  bench('countAnthropicRequestTokens (accurate, count_tokens)', () => {
    countAnthropicRequestTokens(request);
  });
  bench('estimateRequestTokensQuickly without a cache', () => {
    estimateRequestTokensQuickly(request);
  });
  bench('estimateRequestTokensQuickly with a warm cache', () => {
    estimateRequestTokensQuickly(request, cache);
  });
});
