import type { ServerResponse } from 'node:http';
import { type AnswerIdentity, buildCompletion, buildStreamEvents, type StreamEvent } from './build-answer';
import type { OpenAIErrorBody } from './openai-wire';
import { type RecordedRequest, wantsStream } from './recorded-request';
import type { Answer, Scenario, StreamOptions, StreamScenario } from './scenario';

/** The response being written and how to tell that its client has gone. */
export interface PlayContext {
  request: RecordedRequest;
  response: ServerResponse;
  identity: AnswerIdentity;
  /** Resolves when the response closes (finished, aborted by the client, or server shut down). */
  closed: Promise<void>;
  isClosed: () => boolean;
  /** Marks the coming close as caused by the fake upstream itself, not by the client. */
  markDroppedByServer: () => void;
}

type Ending = 'end' | 'drop' | 'stall';

const statusErrors: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request sent to the fake upstream.', type: 'invalid_request_error', code: null },
  401: {
    message: 'Incorrect API key provided: sk-fake***. You can find your API key in your account settings.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: { message: 'You are not allowed to use this model.', type: 'invalid_request_error', code: null },
  404: {
    message: 'The model `fake-model` does not exist.',
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  429: {
    message: 'Rate limit reached for requests. Please try again in 1s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request.',
    type: 'server_error',
    code: null,
  },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

/** An OpenAI-shaped error body. */
export function openAIError(
  message: string,
  type: string,
  code: string | number | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param: null, code } };
}

function defaultErrorBody(status: number): OpenAIErrorBody {
  const known = statusErrors[status];
  if (known) return openAIError(known.message, known.type, known.code);
  return openAIError(
    `The fake upstream failed with status ${status}.`,
    status >= 500 ? 'server_error' : 'invalid_request_error',
  );
}

function sleep(milliseconds: number, context: PlayContext): Promise<void> {
  if (milliseconds <= 0 || context.isClosed()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    void context.closed.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Writes and resolves once the data is handed to the socket (so a following destroy does not lose it). */
function write(context: PlayContext, data: string, isDataLine: boolean): Promise<void> {
  if (context.isClosed()) return Promise.resolve();
  if (isDataLine) context.request.chunksWritten += 1;
  // Race the close: a write still buffered when the socket dies may never call back.
  const written = new Promise<void>((resolve) => {
    context.response.write(data, () => resolve());
  });
  return Promise.race([written, context.closed]);
}

function sendJson(
  context: PlayContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  context.request.status = status;
  context.response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': context.identity.id,
    ...headers,
  });
  context.response.end(text);
}

function sendText(context: PlayContext, status: number, body: string, headers: Record<string, string>): void {
  context.request.status = status;
  const contentType = body.trimStart().startsWith('<') ? 'text/html' : 'text/plain';
  context.response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  context.response.end(body);
}

function startStream(context: PlayContext, status = 200, headers: Record<string, string> = {}): void {
  context.request.status = status;
  context.response.writeHead(status, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': context.identity.id,
    ...headers,
  });
}

function eventLine(event: StreamEvent): string {
  if (event.type === 'comment') return `: ${event.text}\n\n`;
  if (event.type === 'done') return 'data: [DONE]\n\n';
  return `data: ${JSON.stringify(event.chunk)}\n\n`;
}

/** Takes events up to and including the `count`-th chunk (comments before it come along). */
function firstChunks(events: StreamEvent[], count: number): StreamEvent[] {
  const taken: StreamEvent[] = [];
  let chunks = 0;
  for (const event of events) {
    if (event.type === 'done') break;
    if (event.type === 'chunk') {
      if (chunks >= count) break;
      chunks += 1;
    }
    taken.push(event);
  }
  return taken;
}

async function finish(context: PlayContext, ending: Ending): Promise<void> {
  if (context.isClosed()) return;
  if (ending === 'stall') {
    await context.closed;
    return;
  }
  if (ending === 'drop') {
    context.markDroppedByServer();
    context.response.socket?.destroy();
    return;
  }
  context.response.end();
  context.request.completedAt = Date.now();
}

async function writeLines(
  context: PlayContext,
  lines: { text: string; isData: boolean }[],
  timing: Pick<StreamOptions, 'delayMs' | 'initialDelayMs'>,
  ending: Ending,
): Promise<void> {
  const delay = timing.delayMs ?? 0;
  const initialDelay = timing.initialDelayMs ?? 0;
  if (delay === 0 && initialDelay === 0) {
    // No pacing: batch every line into one socket write, which keeps the benchmark baseline fast.
    if (ending === 'end') {
      for (const line of lines) if (line.isData) context.request.chunksWritten += 1;
      context.response.end(lines.map((line) => line.text).join(''));
      context.request.completedAt = Date.now();
      return;
    }
    context.response.flushHeaders();
    await write(context, lines.map((line) => line.text).join(''), false);
    for (const line of lines) if (line.isData) context.request.chunksWritten += 1;
    await finish(context, ending);
    return;
  }
  context.response.flushHeaders();
  await sleep(initialDelay, context);
  for (const [index, line] of lines.entries()) {
    if (context.isClosed()) return;
    if (index > 0) await sleep(delay, context);
    if (context.isClosed()) return;
    await write(context, line.text, line.isData);
  }
  await finish(context, ending);
}

function toLines(events: StreamEvent[]): { text: string; isData: boolean }[] {
  return events.map((event) => ({ text: eventLine(event), isData: event.type !== 'comment' }));
}

async function playStream(context: PlayContext, answer: Answer): Promise<void> {
  startStream(context);
  const events = buildStreamEvents(answer, context.request, context.identity);
  await writeLines(context, toLines(events), answer, 'end');
}

function streamEventsOf(context: PlayContext, stream: StreamScenario): StreamEvent[] {
  return buildStreamEvents(stream.answer, context.request, context.identity);
}

function rawLine(chunk: string): string {
  if (/^(data|event|id|retry):|^:/.test(chunk)) return `${chunk}\n\n`;
  return `data: ${chunk}\n\n`;
}

/**
 * Writes the response a scenario describes. Resolves when the response is over (or the client has gone).
 *
 * @example
 * await playScenario(streamText('hi'), context);
 */
export async function playScenario(scenario: Scenario, context: PlayContext): Promise<void> {
  context.request.scenarioKind = scenario.kind;
  switch (scenario.kind) {
    case 'stream-text':
    case 'stream-tool-calls':
      return playStream(context, scenario.answer);
    case 'reply':
      if (wantsStream(context.request)) return playStream(context, scenario.answer);
      sendJson(context, 200, buildCompletion(scenario.answer, context.request, context.identity));
      context.request.completedAt = Date.now();
      return;
    case 'completion':
      sendJson(context, 200, buildCompletion(scenario.answer, context.request, context.identity));
      context.request.completedAt = Date.now();
      return;
    case 'http-error': {
      const { status, body, headers } = scenario;
      if (typeof body === 'string') sendText(context, status, body, headers);
      else sendJson(context, status, body === undefined ? defaultErrorBody(status) : body, headers);
      context.request.completedAt = Date.now();
      return;
    }
    case 'mid-stream-error': {
      startStream(context);
      const events = firstChunks(streamEventsOf(context, scenario.stream), scenario.afterChunks);
      const lines = toLines(events);
      lines.push({ text: `data: ${JSON.stringify({ error: scenario.error })}\n\n`, isData: true });
      return writeLines(context, lines, scenario.stream.answer, 'end');
    }
    case 'drop-mid-stream': {
      startStream(context);
      const events = firstChunks(streamEventsOf(context, scenario.stream), scenario.afterChunks);
      return writeLines(context, toLines(events), scenario.stream.answer, 'drop');
    }
    case 'stall-after': {
      startStream(context);
      const events = firstChunks(streamEventsOf(context, scenario.stream), scenario.afterChunks);
      return writeLines(context, toLines(events), scenario.stream.answer, 'stall');
    }
    case 'end-without-finish': {
      startStream(context);
      const events = streamEventsOf(context, scenario.stream).filter(
        (event) =>
          event.type !== 'done' &&
          !(event.type === 'chunk' && (event.part === 'finish' || event.part === 'usage')),
      );
      return writeLines(context, toLines(events), scenario.stream.answer, 'end');
    }
    case 'garbage': {
      startStream(context);
      const lines = scenario.lines.map((line) => ({ text: `data: ${line}\n\n`, isData: true }));
      if (scenario.done) lines.push({ text: 'data: [DONE]\n\n', isData: true });
      return writeLines(context, lines, {}, 'end');
    }
    case 'non-json':
      context.request.status = scenario.status;
      context.response.writeHead(scenario.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(scenario.body),
      });
      context.response.end(scenario.body);
      context.request.completedAt = Date.now();
      return;
    case 'hang':
      await context.closed;
      return;
    case 'raw': {
      const { options } = scenario;
      startStream(context, options.status ?? 200, options.headers);
      const lines = scenario.chunks.map((chunk) =>
        options.verbatim
          ? { text: chunk, isData: chunk.startsWith('data:') }
          : { text: rawLine(chunk), isData: !chunk.startsWith(':') },
      );
      return writeLines(context, lines, options, 'end');
    }
  }
}
