import { describe, expect, it } from 'vitest';
import { readReasoningTokens } from './read-reasoning-tokens';

describe('readReasoningTokens', () => {
  it('reads completion_tokens_details.reasoning_tokens', () => {
    expect(
      readReasoningTokens({
        prompt_tokens: 1,
        completion_tokens: 900,
        completion_tokens_details: { reasoning_tokens: 640 },
      }),
    ).toBe(640);
    expect(readReasoningTokens({ completion_tokens_details: { reasoning_tokens: 0 } })).toBe(0);
  });

  it.each([
    undefined,
    null,
    'usage',
    {},
    { completion_tokens_details: null },
    { completion_tokens_details: { reasoning_tokens: null } },
    { completion_tokens_details: { reasoning_tokens: '5' } },
    { completion_tokens_details: { reasoning_tokens: -1 } },
  ])('is undefined for %j', (usage) => {
    expect(readReasoningTokens(usage)).toBeUndefined();
  });
});
