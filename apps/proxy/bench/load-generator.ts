import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** One HTTP request the load generator sends, over and over. */
export type BenchRequest = {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** How to read the answer: `anthropic` (proxied) or `openai` (direct) server-sent events, or JSON. */
  wire: 'anthropic' | 'openai' | 'json';
};

/** Times of one streamed answer, in ms from sending the request. */
export type StreamTiming = {
  /** The first byte of the body. */
  firstByte: number;
  /** `message_start` (Anthropic) or the first `data:` chunk (OpenAI). */
  start: number;
  /** The first content delta (text, thinking or tool arguments). */
  firstContent: number;
  /** The stream's end marker (`message_stop` / `[DONE]`) was read. */
  total: number;
  /** Arrival times of the network reads that carried content deltas. */
  contentReads: number[];
  /** Content deltas counted in the whole body. */
  contentFrames: number;
  /** The end marker was seen. */
  completed: boolean;
};

const openAIContent = /"delta":\{"(?:content":"[^"]|tool_calls|reasoning)/g;
const anthropicContent = /event: content_block_delta/g;

function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/** A keep-alive connection pool to one origin. */
export function openPool(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
}

/** Sends a non-streaming request and reads the whole answer; resolves with the ms it took. */
export async function timeJson(pool: Pool, request: BenchRequest): Promise<number> {
  const started = performance.now();
  const response = await pool.request({
    method: 'POST',
    path: request.path,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.body.text();
  const elapsed = performance.now() - started;
  if (response.statusCode !== 200) {
    throw new Error(`${request.path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  return elapsed;
}

/** Sends a streaming request and reads the stream to its end, noting when each part arrived. */
export async function timeStream(
  pool: Pool,
  request: BenchRequest,
  keepText = false,
): Promise<StreamTiming & { text?: string }> {
  const started = performance.now();
  const response = await pool.request({
    method: 'POST',
    path: request.path,
    headers: request.headers,
    body: request.body,
  });
  const anthropic = request.wire === 'anthropic';
  const startMarker = anthropic ? 'event: message_start' : 'data: ';
  const endMarker = anthropic ? 'event: message_stop' : 'data: [DONE]';
  const contentPattern = anthropic ? anthropicContent : openAIContent;
  const timing: StreamTiming = {
    firstByte: Number.NaN,
    start: Number.NaN,
    firstContent: Number.NaN,
    total: Number.NaN,
    contentReads: [],
    contentFrames: 0,
    completed: false,
  };
  let whole = '';
  for await (const part of response.body) {
    const now = performance.now() - started;
    const text = (part as Buffer).toString('latin1');
    if (Number.isNaN(timing.firstByte)) timing.firstByte = now;
    if (Number.isNaN(timing.start) && text.includes(startMarker)) timing.start = now;
    const frames = countMatches(text, contentPattern);
    if (frames > 0) {
      if (Number.isNaN(timing.firstContent)) timing.firstContent = now;
      timing.contentReads.push(now);
    }
    timing.contentFrames += frames;
    if (text.includes(endMarker)) {
      timing.completed = true;
      timing.total = now;
    }
    if (keepText) whole += text;
  }
  if (response.statusCode !== 200) {
    throw new Error(`${request.path} answered ${response.statusCode}: ${whole.slice(0, 300)}`);
  }
  if (!timing.completed) timing.total = performance.now() - started;
  return keepText ? { ...timing, text: whole } : timing;
}

/** Sends one request and resolves with the ms until its whole answer was read, JSON or stream. */
export async function timeWhole(pool: Pool, request: BenchRequest): Promise<number> {
  return request.wire === 'json' ? await timeJson(pool, request) : (await timeStream(pool, request)).total;
}

/** Runs `concurrency` request loops for `durationMs`; resolves with completed requests and failures. */
export async function runClosedLoop(
  pool: Pool,
  request: BenchRequest,
  concurrency: number,
  durationMs: number,
): Promise<{ completed: number; failed: number; seconds: number; firstError?: string }> {
  const started = performance.now();
  const deadline = started + durationMs;
  let completed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const streamed = request.wire !== 'json';
  const loop = async () => {
    while (performance.now() < deadline) {
      try {
        if (streamed) {
          const timing = await timeStream(pool, request);
          if (!timing.completed) throw new Error('stream ended without its end marker');
        } else {
          await timeJson(pool, request);
        }
        completed++;
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const result: { completed: number; failed: number; seconds: number; firstError?: string } = {
    completed,
    failed,
    seconds: (performance.now() - started) / 1000,
  };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}
