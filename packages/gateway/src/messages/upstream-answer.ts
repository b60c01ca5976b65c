import {
  type AnthropicMessage,
  type AnthropicStreamEvent,
  anthropicMessageToStreamEvents,
  mapUpstreamHttpError,
  type OpenAIChatCompletion,
  type StreamSummary,
} from '@ccp/convert';
import type { UpstreamResponse } from '../upstream/upstream-client';
import { upstreamGarbage } from './upstream-garbage';

/** The body of an upstream error answer, or '' when it cannot be read. */
export async function readText(response: UpstreamResponse): Promise<string> {
  try {
    return await response.body.text();
  } catch {
    return '';
  }
}

/** An upstream JSON answer as a chat completion: bad JSON is an `api_error`, an error object is mapped. */
export async function readCompletion(
  response: UpstreamResponse,
  secrets: readonly string[],
): Promise<OpenAIChatCompletion> {
  const text = await response.body.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw upstreamGarbage(
      new Error(`the upstream answered with non-JSON ${response.contentType || 'content'}`),
      secrets,
    );
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { choices?: unknown }).choices)) {
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      throw mapUpstreamHttpError({
        secrets,
        status: 502,
        bodyText: text,
        headers: response.headers,
      });
    }
    throw upstreamGarbage(new Error('the upstream answer has no choices'), secrets);
  }
  return parsed as OpenAIChatCompletion;
}

/** An upstream's whole message replayed as events (one array), with the summary a stream would give. */
export async function* messageAsEventBatch(
  message: AnthropicMessage,
  receivedAt: number,
  usageReported: boolean,
): AsyncGenerator<AnthropicStreamEvent[], StreamSummary> {
  yield anthropicMessageToStreamEvents(message);
  const blocks = message.content;
  let thinkingChars = 0;
  let textChars = 0;
  for (const block of blocks) {
    if (block.type === 'thinking') thinkingChars += block.thinking.length;
    else if (block.type === 'text') textChars += block.text.length;
  }
  return {
    usage: message.usage,
    usageReported,
    stopReason: message.stop_reason,
    stopSequence: message.stop_sequence,
    ...(blocks.length > 0 ? { firstContentAt: receivedAt } : {}),
    blockCount: blocks.length,
    toolCallCount: blocks.filter((block) => block.type === 'tool_use').length,
    thinkingChars,
    textChars,
    aborted: false,
    warnings: [],
  };
}
