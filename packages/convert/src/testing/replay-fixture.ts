import type { AnthropicStreamEvent } from '../anthropic-api';
import type { OpenAIChatCompletion, OpenAIReasoningDetail, OpenAIToolCall, OpenAIUsage } from '../openai-api';
import { isRecord } from '../is-record';
import { mergeReasoningDetail, readReasoningDetails } from '../reasoning-fields';
import { streamOpenAIToAnthropic } from '../stream/stream-openai-to-anthropic';
import type { StreamConversionOptions, StreamSummary } from '../stream/stream-types';

// Replays recorded upstream traffic through the stream conversion. A fixture is text with one
// upstream SSE `data` payload per line (lines starting with `:` are SSE comments), as in
// `__fixtures__/<name>.chunks.txt`.

const encoder = new TextEncoder();

/** The fixture's lines, without blank ones. Lines starting with `:` are SSE comments. */
export function fixtureLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The SSE body an upstream would send for the fixture, one event per line. */
export function fixtureToSse(text: string): string[] {
  return fixtureLines(text).map((line) => (line.startsWith(':') ? `${line}\n\n` : `data: ${line}\n\n`));
}

/** The ways a network may cut the same body into chunks. */
export function networkSplits(events: string[]): Record<string, Array<Uint8Array | string>> {
  const body = events.join('');
  const bytes = encoder.encode(body);
  const slices = (size: number) => {
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.slice(start, start + size));
    return chunks;
  };
  return {
    'one event per chunk': events.map((event) => encoder.encode(event)),
    '7-byte slices': slices(7),
    '1-byte slices': slices(1),
    'one big chunk': [bytes],
    'string chunks of 11 characters': Array.from({ length: Math.ceil(body.length / 11) }, (_, index) =>
      body.slice(index * 11, index * 11 + 11),
    ),
    'CRLF line endings': [encoder.encode(body.replaceAll('\n', '\r\n'))],
  };
}

export async function* fromChunks<T>(chunks: T[]): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

export async function replay(
  chunks: Array<Uint8Array | string>,
  options: StreamConversionOptions,
): Promise<{ events: AnthropicStreamEvent[]; summary: StreamSummary | undefined }> {
  let summary: StreamSummary | undefined;
  const events: AnthropicStreamEvent[] = [];
  for await (const event of streamOpenAIToAnthropic(fromChunks(chunks), {
    ...options,
    onFinish: (value) => {
      summary = value;
    },
  })) {
    events.push(event);
  }
  return { events, summary };
}

export async function collectEvents(
  stream: AsyncIterable<AnthropicStreamEvent>,
): Promise<AnthropicStreamEvent[]> {
  const events: AnthropicStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/**
 * Folds upstream chunk payloads into the non-streaming completion the same upstream would have
 * returned (plain concatenation, as an OpenAI client does), to compare both conversions.
 */
export function accumulateOpenAIChunks(lines: string[]): OpenAIChatCompletion {
  let content = '';
  let reasoningContent = '';
  let reasoning = '';
  let refusal = '';
  const details: OpenAIReasoningDetail[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  let finishReason: string | null = null;
  let extras: Record<string, unknown> = {};
  let usage: OpenAIUsage | null = null;
  for (const line of lines) {
    if (line.startsWith(':') || line === '[DONE]') continue;
    const chunk: unknown = JSON.parse(line);
    if (!isRecord(chunk)) continue;
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isRecord(choice)) {
      if (isRecord(chunk.usage)) usage = readUsage(chunk.usage);
      continue;
    }
    const delta = choice.delta;
    if (isRecord(delta)) {
      if (typeof delta.content === 'string') content += delta.content;
      if (typeof delta.reasoning_content === 'string') reasoningContent += delta.reasoning_content;
      if (typeof delta.reasoning === 'string') reasoning += delta.reasoning;
      if (typeof delta.refusal === 'string') refusal += delta.refusal;
      for (const detail of readReasoningDetails(delta.reasoning_details))
        mergeReasoningDetail(details, detail);
      for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        if (!isRecord(call) || typeof call.index !== 'number') continue;
        const fn = isRecord(call.function) ? call.function : {};
        const name = typeof fn.name === 'string' ? fn.name : '';
        const fragment = typeof fn.arguments === 'string' ? fn.arguments : '';
        const existing = toolCalls[call.index];
        if (!existing) {
          toolCalls[call.index] = {
            id: typeof call.id === 'string' ? call.id : '',
            type: 'function',
            function: { name, arguments: fragment },
          };
        } else existing.function.arguments += fragment;
      }
    }
    if (typeof choice.finish_reason === 'string') {
      finishReason = choice.finish_reason;
      extras = { stop_reason: choice.stop_reason, native_finish_reason: choice.native_finish_reason };
    }
    if (isRecord(chunk.usage)) usage = readUsage(chunk.usage);
  }
  return {
    id: 'chatcmpl-accumulated',
    model: 'upstream',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: content === '' ? null : content,
          reasoning_content: reasoningContent || null,
          reasoning: reasoning || null,
          reasoning_details: details.length > 0 ? details : null,
          refusal: refusal || null,
          tool_calls: toolCalls.length > 0 ? toolCalls : null,
        },
        finish_reason: finishReason,
        ...extras,
      },
    ],
    usage,
  };
}

/** The counts of an upstream usage object, as the fixtures record them. */
function readUsage(usage: Record<string, unknown>): OpenAIUsage {
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    ...usage,
    prompt_tokens: count(usage.prompt_tokens),
    completion_tokens: count(usage.completion_tokens),
  };
}
