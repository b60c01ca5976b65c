import { describe, expect, test } from 'vitest';
import { convertOpenAIUsage } from './usage';

describe('convertOpenAIUsage', () => {
  test('OpenAI cached tokens move from input_tokens to cache_read_input_tokens', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 80,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 64 },
      }),
    ).toEqual({
      input_tokens: 176,
      output_tokens: 80,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 1024,
      thinking_tokens: 64,
    });
  });

  test('DeepSeek prompt_cache_hit_tokens count as cache reads', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 500,
        completion_tokens: 10,
        prompt_cache_hit_tokens: 384,
        prompt_cache_miss_tokens: 116,
      }),
    ).toEqual({
      input_tokens: 116,
      output_tokens: 10,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 384,
    });
  });

  test('OpenRouter cache writes become cache_creation_input_tokens and keep the total input unchanged', () => {
    const usage = convertOpenAIUsage({
      prompt_tokens: 3000,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 1500 },
    });
    expect(usage).toMatchObject({
      input_tokens: 500,
      cache_creation_input_tokens: 1500,
      cache_read_input_tokens: 1000,
    });
    expect(
      usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
    ).toBe(3000);
  });

  test('input never goes negative and missing usage gives zeros without thinking_tokens', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 10,
        completion_tokens: 1,
        prompt_tokens_details: { cached_tokens: 50 },
      }).input_tokens,
    ).toBe(0);
    expect(convertOpenAIUsage(null)).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(convertOpenAIUsage({ prompt_tokens: 3, completion_tokens: 4 })).not.toHaveProperty(
      'thinking_tokens',
    );
  });
});
