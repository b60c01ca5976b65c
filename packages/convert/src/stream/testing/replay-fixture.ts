import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnthropicStreamEvent } from '../../anthropic-api';
import type {
  OpenAIChatCompletion,
  OpenAIReasoningDetail,
  OpenAIToolCall,
  OpenAIUsage,
} from '../../openai-api';
import { mergeReasoningDetail, readReasoningDetails } from '../../reasoning-fields';
import { streamOpenAIToAnthropic } from '../stream-openai-to-anthropic';
import type { StreamConversionOptions, StreamSummary } from '../stream-types';

/** Test support: replays `__fixtures__/<name>.chunks.txt` (one upstream SSE data payload per line). */

const encoder = new TextEncoder();

export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../__fixtures__/${name}.chunks.txt`, import.meta.url)), 'utf8');
}

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
    const chunk = JSON.parse(line) as Record<string, unknown>;
    const choice = (chunk.choices as Array<Record<string, unknown>> | undefined)?.[0];
    const delta = choice?.delta as Record<string, unknown> | undefined;
    if (delta) {
      if (typeof delta.content === 'string') content += delta.content;
      if (typeof delta.reasoning_content === 'string') reasoningContent += delta.reasoning_content;
      if (typeof delta.reasoning === 'string') reasoning += delta.reasoning;
      if (typeof delta.refusal === 'string') refusal += delta.refusal;
      for (const detail of readReasoningDetails(delta.reasoning_details))
        mergeReasoningDetail(details, detail);
      for (const call of (delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []) {
        const index = call.index as number;
        const fn = (call.function ?? {}) as { name?: string; arguments?: string };
        const existing = toolCalls[index];
        if (!existing) {
          toolCalls[index] = {
            id: call.id as string,
            type: 'function',
            function: { name: fn.name ?? '', arguments: fn.arguments ?? '' },
          };
        } else existing.function.arguments += fn.arguments ?? '';
      }
    }
    if (typeof choice?.finish_reason === 'string') {
      finishReason = choice.finish_reason;
      extras = { stop_reason: choice.stop_reason, native_finish_reason: choice.native_finish_reason };
    }
    if (chunk.usage) usage = chunk.usage as OpenAIUsage;
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
