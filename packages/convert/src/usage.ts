import type { AnthropicUsage } from './anthropic-api';
import type { OpenAIUsage } from './openai-api';

function _count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Converts OpenAI-style usage (OpenAI, OpenRouter, DeepSeek, vLLM, Ollama) to Anthropic usage.
 *
 * Anthropic's `input_tokens` excludes cached tokens (total input = input + cache creation +
 * cache read), while OpenAI's `prompt_tokens` includes them, so cache reads (OpenAI
 * `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`) and cache writes
 * (`prompt_tokens_details.cache_write_tokens`, OpenRouter) are subtracted. Missing usage gives zeros.
 *
 * @example
 * convertOpenAIUsage({ prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 100 } })
 * // { input_tokens: 20, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 }
 */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): AnthropicUsage {
  if (!usage) {
    return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  }
  const promptDetails = usage.prompt_tokens_details;
  const cacheRead = _count(promptDetails?.cached_tokens ?? usage.prompt_cache_hit_tokens);
  const cacheWrite = _count(promptDetails?.cache_write_tokens);
  const result: AnthropicUsage = {
    input_tokens: Math.max(_count(usage.prompt_tokens) - cacheRead - cacheWrite, 0),
    output_tokens: _count(usage.completion_tokens),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoningTokens === 'number') result.thinking_tokens = reasoningTokens;
  return result;
}
