import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChunkDelta,
  CompletionMessage,
  CompletionUsage,
  FinishReason,
  ReasoningDetail,
  ToolCall,
  ToolCallDelta,
} from './openai-wire';
import { type RecordedRequest, requestMessages, requestModel, wantsUsage } from './recorded-request';
import type { Answer, ToolCallSpec } from './scenario';
import { splitText } from './split-text';

/** Per-response values that stay the same across all chunks. */
export interface AnswerIdentity {
  id: string;
  created: number;
  /** Makes a tool call id when the scenario gave none. */
  nextToolCallId: () => string;
}

/** One line of a planned SSE stream, tagged with what it carries so failure scenarios can cut it. */
export type StreamEvent =
  | { type: 'comment'; text: string }
  | {
      type: 'chunk';
      part: 'role' | 'reasoning' | 'content' | 'tool-call' | 'finish' | 'usage';
      chunk: ChatCompletionChunk;
    }
  | { type: 'done' };

const systemFingerprint = 'fp_fake_upstream';
const defaultFragmentSize = 8;
const defaultSignature = 'ZmFrZS11cHN0cmVhbS1zaWduYXR1cmU=';

function estimateTokens(characters: number): number {
  return Math.max(1, Math.ceil(characters / 4));
}

function argumentsText(call: ToolCallSpec): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** Usage from the scenario's numbers, or estimated at four characters per token. */
export function answerUsage(answer: Answer, request: RecordedRequest): CompletionUsage {
  const messages = requestMessages(request);
  const promptCharacters = messages.length > 0 ? JSON.stringify(messages).length : request.rawBody.length;
  const outputCharacters =
    (answer.text ?? '').length +
    (answer.toolCalls ?? []).reduce((sum, call) => sum + call.name.length + argumentsText(call).length, 0);
  const reasoningTokens =
    answer.usage?.reasoningTokens ?? (answer.reasoning ? estimateTokens(answer.reasoning.length) : 0);
  const promptTokens = answer.usage?.promptTokens ?? estimateTokens(promptCharacters);
  const completionTokens =
    answer.usage?.completionTokens ?? estimateTokens(outputCharacters) + reasoningTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: answer.usage?.cachedTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
}

function finishReasonOf(answer: Answer): FinishReason {
  if (answer.finishReason) return answer.finishReason;
  return (answer.toolCalls ?? []).length > 0 ? 'tool_calls' : 'stop';
}

function modelOf(answer: Answer, request: RecordedRequest): string {
  return answer.model ?? requestModel(request) ?? 'fake-model';
}

type IdentifiedCall = ToolCallSpec & { id: string };

function withIds(answer: Answer, identity: AnswerIdentity): IdentifiedCall[] {
  return (answer.toolCalls ?? []).map((call) => ({ ...call, id: call.id ?? identity.nextToolCallId() }));
}

function reasoningDelta(answer: Answer, fragment: string, isLast: boolean): ChunkDelta {
  switch (answer.reasoningField ?? 'reasoning_content') {
    case 'reasoning_content':
      // DeepSeek sends `content: null` beside each reasoning fragment.
      return { content: null, reasoning_content: fragment };
    case 'reasoning':
      return { content: '', reasoning: fragment };
    case 'openrouter': {
      const detail: ReasoningDetail = {
        type: 'reasoning.text',
        text: fragment,
        signature: isLast ? (answer.reasoningSignature ?? defaultSignature) : null,
        format: 'anthropic-claude-v1',
        index: 0,
      };
      return { content: '', reasoning: fragment, reasoning_details: [detail] };
    }
  }
}

function toolCallChunks(calls: IdentifiedCall[], answer: Answer): ToolCallDelta[][] {
  const size = answer.fragmentSize ?? defaultFragmentSize;
  const header = (call: ToolCallSpec & { id: string }, index: number, args: string): ToolCallDelta => ({
    index,
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: args },
  });
  if (answer.wholeCalls) {
    const whole = calls.map((call, index) => header(call, index, argumentsText(call)));
    return answer.sameChunk ? [whole] : whole.map((delta) => [delta]);
  }
  const argumentFragments = calls.map((call, index) =>
    splitText(argumentsText(call), size).map(
      (fragment): ToolCallDelta => ({ index, function: { arguments: fragment } }),
    ),
  );
  const queues: ToolCallDelta[][] = answer.sameChunk
    ? argumentFragments
    : calls.map((call, index) => [header(call, index, ''), ...(argumentFragments[index] ?? [])]);
  const ordered: ToolCallDelta[][] = answer.sameChunk
    ? [calls.map((call, index) => header(call, index, ''))]
    : [];
  if (answer.interleave) {
    const longest = Math.max(0, ...queues.map((queue) => queue.length));
    for (let position = 0; position < longest; position++) {
      for (const queue of queues) {
        const delta = queue[position];
        if (delta) ordered.push([delta]);
      }
    }
  } else {
    for (const queue of queues) for (const delta of queue) ordered.push([delta]);
  }
  return ordered;
}

/**
 * Plans the SSE lines of a streamed answer in the order a real provider sends them.
 *
 * @example
 * buildStreamEvents({ text: 'hi' }, request, identity) // role, content, finish, (usage), done
 */
export function buildStreamEvents(
  answer: Answer,
  request: RecordedRequest,
  identity: AnswerIdentity,
): StreamEvent[] {
  const model = modelOf(answer, request);
  const includeUsage = wantsUsage(request);
  const usagePlacement = answer.usagePlacement ?? 'after-finish';
  const size = answer.fragmentSize ?? defaultFragmentSize;
  const makeChunk = (delta: ChunkDelta, finishReason: FinishReason | null = null): ChatCompletionChunk => {
    const chunk: ChatCompletionChunk = {
      id: identity.id,
      object: 'chat.completion.chunk',
      created: identity.created,
      model,
      system_fingerprint: systemFingerprint,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    };
    if (includeUsage && usagePlacement === 'after-finish') chunk.usage = null;
    return chunk;
  };
  const events: StreamEvent[] = [];
  const commentCount =
    answer.comments === true ? 2 : typeof answer.comments === 'number' ? answer.comments : 0;
  for (let count = 0; count < commentCount; count++)
    events.push({ type: 'comment', text: 'OPENROUTER PROCESSING' });

  const text = answer.text ?? '';
  const calls = withIds(answer, identity);
  const onlyTools = text.length === 0 && !answer.reasoning && calls.length > 0;
  events.push({
    type: 'chunk',
    part: 'role',
    chunk: makeChunk({ role: 'assistant', content: onlyTools ? null : '', refusal: null }),
  });
  const reasoningFragments = answer.reasoning ? splitText(answer.reasoning, size) : [];
  reasoningFragments.forEach((fragment, index) => {
    const delta = reasoningDelta(answer, fragment, index === reasoningFragments.length - 1);
    events.push({ type: 'chunk', part: 'reasoning', chunk: makeChunk(delta) });
  });
  for (const fragment of splitText(text, size)) {
    events.push({ type: 'chunk', part: 'content', chunk: makeChunk({ content: fragment }) });
  }
  for (const toolCalls of toolCallChunks(calls, answer)) {
    events.push({ type: 'chunk', part: 'tool-call', chunk: makeChunk({ tool_calls: toolCalls }) });
  }
  const finish = makeChunk({}, finishReasonOf(answer));
  if (usagePlacement === 'in-finish-chunk') finish.usage = answerUsage(answer, request);
  events.push({ type: 'chunk', part: 'finish', chunk: finish });
  if (includeUsage && usagePlacement === 'after-finish') {
    const usageChunk: ChatCompletionChunk = {
      id: identity.id,
      object: 'chat.completion.chunk',
      created: identity.created,
      model,
      system_fingerprint: systemFingerprint,
      choices: [],
      usage: answerUsage(answer, request),
    };
    events.push({ type: 'chunk', part: 'usage', chunk: usageChunk });
  }
  events.push({ type: 'done' });
  return events;
}

/**
 * Builds a non-streaming `chat.completion` body.
 *
 * @example
 * buildCompletion({ text: 'hi' }, request, identity).choices[0].message.content // 'hi'
 */
export function buildCompletion(
  answer: Answer,
  request: RecordedRequest,
  identity: AnswerIdentity,
): ChatCompletion {
  const calls = withIds(answer, identity);
  const message: CompletionMessage = {
    role: 'assistant',
    content: answer.text ?? (calls.length > 0 ? null : ''),
    refusal: null,
  };
  if (calls.length > 0) {
    message.tool_calls = calls.map(
      (call): ToolCall => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: argumentsText(call) },
      }),
    );
  }
  if (answer.reasoning) {
    const field = answer.reasoningField ?? 'reasoning_content';
    if (field === 'reasoning_content') message.reasoning_content = answer.reasoning;
    else message.reasoning = answer.reasoning;
    if (field === 'openrouter') {
      message.reasoning_details = [
        {
          type: 'reasoning.text',
          text: answer.reasoning,
          signature: answer.reasoningSignature ?? defaultSignature,
          format: 'anthropic-claude-v1',
          index: 0,
        },
      ];
    }
  }
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: modelOf(answer, request),
    system_fingerprint: systemFingerprint,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(answer), logprobs: null }],
    usage: answerUsage(answer, request),
  };
}
