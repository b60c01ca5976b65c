import type { AnthropicUsage } from '../anthropic-api';
import type { ConversionWarning } from '../conversion-warning';
import type { OpenAIUsage } from '../openai-api';
import { estimateOutputTokensFromCharacters } from '../token-pricing';
import { convertOpenAIUsage } from '../usage';
import type { StreamSummary } from './stream-types';

/** Usage guessed from what was streamed, for upstreams that send none. */
export function estimateStreamUsage(inputTokensEstimate: number, outputCharacters: number): AnthropicUsage {
  return {
    input_tokens: inputTokensEstimate,
    output_tokens: estimateOutputTokensFromCharacters(outputCharacters),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

/** The upstream's usage in Anthropic terms; a zero input falls back to the estimate. */
export function reportedStreamUsage(upstreamUsage: OpenAIUsage, inputTokensEstimate: number): AnthropicUsage {
  const usage = convertOpenAIUsage(upstreamUsage);
  // Some servers report zero prompt tokens; a zero would break clients' context accounting.
  const totalInput =
    usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
  if (totalInput === 0) usage.input_tokens = inputTokensEstimate;
  return usage;
}

/** The summary at the start of a stream: the input estimate, nothing produced yet. */
export function createStreamSummary(
  inputTokensEstimate: number,
  warnings: ConversionWarning[],
): StreamSummary {
  return {
    usage: {
      input_tokens: inputTokensEstimate,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
    usageReported: false,
    stopReason: null,
    stopSequence: null,
    blockCount: 0,
    toolCallCount: 0,
    thinkingChars: 0,
    textChars: 0,
    aborted: false,
    warnings,
  };
}
