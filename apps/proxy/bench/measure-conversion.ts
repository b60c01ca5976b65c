import { performance } from 'node:perf_hooks';
import { encodeAnthropicEvent, streamOpenAIToAnthropic } from '@ccp/convert';
import { buildStreamEvents, type RecordedRequest } from '@ccp/fake-upstream';

export type ConversionResult = {
  /** Upstream SSE bytes converted per run. */
  inputBytes: number;
  /** Upstream chunks (SSE data lines) per run. */
  chunks: number;
  /** Anthropic events produced per run. */
  events: number;
  /** MB/s (10^6 bytes) of upstream SSE, upstream read in 16 KB pieces, events consumed but not encoded. */
  transducerMegabytesPerSecond: number;
  /** Same, with each event encoded to SSE text as the proxy does. */
  withEncodingMegabytesPerSecond: number;
  /** Same as the first, one read per upstream SSE line (a slow, token-by-token upstream). */
  perChunkMegabytesPerSecond: number;
  /** One stream per kind and size (4 characters per chunk, 16 KB reads): ms to convert it once. */
  byKind: Array<{
    kind: 'text' | 'reasoning' | 'tool-arguments';
    characters: number;
    bytes: number;
    milliseconds: number;
  }>;
};

const words =
  'the proxy converts every chunk of the upstream stream into Anthropic events while Claude Code waits for text '.split(
    ' ',
  );

function prose(characters: number): string {
  let text = '';
  for (let index = 0; text.length < characters; index++) text += `${words[index % words.length]} `;
  return text.slice(0, characters);
}

const benchRequest: RecordedRequest = {
  method: 'POST',
  path: '/v1/chat/completions',
  query: {},
  headers: {},
  body: { model: 'fake-model', stream: true, stream_options: { include_usage: true }, messages: [] },
  rawBody: '',
  route: 'chat-completions',
  receivedAt: 0,
  aborted: false,
  chunksWritten: 0,
};

function upstreamLines(answer: Parameters<typeof buildStreamEvents>[0]): string[] {
  let calls = 0;
  const events = buildStreamEvents(answer, benchRequest, {
    id: 'chatcmpl-bench',
    created: 1_764_000_000,
    nextToolCallId: () => `call_bench_${++calls}`,
  });
  return events.map((event) => {
    if (event.type === 'comment') return `: ${event.text}\n\n`;
    if (event.type === 'done') return 'data: [DONE]\n\n';
    return `data: ${JSON.stringify(event.chunk)}\n\n`;
  });
}

/** A long recorded-style OpenAI stream: reasoning, text, then a tool call, 4 characters per chunk. */
export function buildLargeUpstreamStream(): { text: string; lines: string[] } {
  const lines = upstreamLines({
    reasoning: prose(40_000),
    text: prose(120_000),
    toolCalls: [{ name: 'Bash', arguments: { command: prose(20_000), description: 'Print the prose' } }],
    fragmentSize: 4,
  });
  return { text: lines.join(''), lines };
}

async function* pieces(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

function slice(bytes: Uint8Array, size: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    parts.push(bytes.subarray(offset, offset + size));
  return parts;
}

async function convertOnce(parts: readonly Uint8Array[], encode: boolean): Promise<number> {
  let events = 0;
  let encodedLength = 0;
  const stream = streamOpenAIToAnthropic(pieces(parts), { model: 'claude-opus-5-5', pingIntervalMs: 0 });
  for await (const event of stream) {
    events++;
    if (encode) encodedLength += encodeAnthropicEvent(event).length;
  }
  // keep the encoded length alive so the work cannot be optimised away
  return encode ? events + (encodedLength > 0 ? 0 : 1) : events;
}

async function megabytesPerSecond(
  parts: readonly Uint8Array[],
  totalBytes: number,
  encode: boolean,
  minimumMs: number,
): Promise<number> {
  // warm-up: let the JIT settle before timing
  for (let round = 0; round < 3; round++) await convertOnce(parts, encode);
  const started = performance.now();
  let rounds = 0;
  while (performance.now() - started < minimumMs) {
    await convertOnce(parts, encode);
    rounds++;
  }
  const seconds = (performance.now() - started) / 1000;
  return (totalBytes * rounds) / seconds / 1e6;
}

/** Measures the stream transducer alone, in this process, on a large in-memory upstream stream. */
export async function measureConversion(minimumMs: number): Promise<ConversionResult> {
  const { text, lines } = buildLargeUpstreamStream();
  const encoder = new TextEncoder();
  const bytes = encoder.encode(text);
  const byRead = slice(bytes, 16 * 1024);
  const byLine = lines.map((line) => encoder.encode(line));
  const events = await convertOnce(byRead, false);
  return {
    inputBytes: bytes.length,
    chunks: lines.length,
    events,
    transducerMegabytesPerSecond: await megabytesPerSecond(byRead, bytes.length, false, minimumMs),
    withEncodingMegabytesPerSecond: await megabytesPerSecond(byRead, bytes.length, true, minimumMs),
    perChunkMegabytesPerSecond: await megabytesPerSecond(byLine, bytes.length, false, minimumMs),
    byKind: await measureByKind(),
  };
}

/** How conversion time grows with the size of one kind of content (a quadratic cost shows here). */
async function measureByKind(): Promise<ConversionResult['byKind']> {
  const encoder = new TextEncoder();
  const cases: Array<[ConversionResult['byKind'][number]['kind'], number]> = [
    ['text', 10_000],
    ['text', 40_000],
    ['reasoning', 10_000],
    ['reasoning', 40_000],
    ['tool-arguments', 10_000],
    ['tool-arguments', 40_000],
  ];
  const results: ConversionResult['byKind'] = [];
  for (const [kind, characters] of cases) {
    const answer =
      kind === 'text'
        ? { text: prose(characters), fragmentSize: 4 }
        : kind === 'reasoning'
          ? { reasoning: prose(characters), text: 'Done.', fragmentSize: 4 }
          : {
              toolCalls: [
                { name: 'Write', arguments: { file_path: '/tmp/work/notes.md', content: prose(characters) } },
              ],
              fragmentSize: 4,
            };
    const bytes = encoder.encode(upstreamLines(answer).join(''));
    const parts = slice(bytes, 16 * 1024);
    await convertOnce(parts, false);
    const started = performance.now();
    await convertOnce(parts, false);
    results.push({ kind, characters, bytes: bytes.length, milliseconds: performance.now() - started });
  }
  return results;
}
