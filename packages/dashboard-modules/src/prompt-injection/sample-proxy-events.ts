import type { RequestEvent } from '@ccp/feed';
import type { PromptInjectionProxyInfo } from './prompt-injection-types';

/** The configuration the sample events were made with. */
export const sampleProxyInfo: PromptInjectionProxyInfo = {
  provider: 'openrouter',
  models: { big: 'openai/gpt-5.1', middle: 'anthropic/claude-sonnet-4', small: 'openai/gpt-4.1-mini' },
  reasoning: { effort: 'high', maxTokens: null, exclude: false },
};

type SampleRequest = {
  claudeModel: string;
  routedModel: string;
  outcome: 'ok' | 'overloaded' | 'live';
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
};

const sampleRequests: SampleRequest[] = [
  {
    claudeModel: 'claude-opus-4-8',
    routedModel: 'openai/gpt-5.1',
    outcome: 'ok',
    inputTokens: 38_000,
    outputTokens: 620,
    costUsd: 0.0214,
    durationMs: 16_800,
  },
  {
    claudeModel: 'claude-haiku-4-5',
    routedModel: 'openai/gpt-4.1-mini',
    outcome: 'ok',
    inputTokens: 3_100,
    outputTokens: 48,
    costUsd: 0.0008,
    durationMs: 2_400,
  },
  {
    claudeModel: 'claude-opus-4-8',
    routedModel: 'openai/gpt-5.1',
    outcome: 'ok',
    inputTokens: 41_500,
    outputTokens: 1_320,
    costUsd: 0.0391,
    durationMs: 32_400,
  },
  {
    claudeModel: 'claude-sonnet-4-6',
    routedModel: 'anthropic/claude-sonnet-4',
    outcome: 'ok',
    inputTokens: 30_000,
    outputTokens: 410,
    costUsd: 0.0172,
    durationMs: 13_200,
  },
  {
    claudeModel: 'claude-opus-4-8',
    routedModel: 'openai/gpt-5.1',
    outcome: 'overloaded',
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    durationMs: 7_600,
  },
  {
    claudeModel: 'claude-opus-4-8',
    routedModel: 'openai/gpt-5.1',
    outcome: 'ok',
    inputTokens: 44_200,
    outputTokens: 980,
    costUsd: 0.0305,
    durationMs: 25_600,
  },
  {
    claudeModel: 'claude-opus-4-8',
    routedModel: 'openai/gpt-5.1',
    outcome: 'live',
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    durationMs: 0,
  },
];

/**
 * A short, realistic event sequence (six finished requests, one failure, one live) for previews
 * such as the prompt-injection configurator.
 *
 * @example samplePromptInjectionEvents().reduce(reducePromptInjectionState, createPromptInjectionState())
 */
export function samplePromptInjectionEvents(startAt = 1_764_164_000_000): RequestEvent[] {
  const events: RequestEvent[] = [];
  let seq = 0;
  let at = startAt;
  sampleRequests.forEach((sample, index) => {
    const requestId = `req_sample_${index + 1}`;
    events.push({
      type: 'request-start',
      seq: ++seq,
      requestId,
      sessionId: 'sample-session',
      claudeModel: sample.claudeModel,
      routedModel: sample.routedModel,
      provider: sampleProxyInfo.provider,
      endpoint: 'https://openrouter.ai/api/v1',
      streamed: !sample.claudeModel.includes('haiku'),
      startedAt: at,
      estimatedInputTokens: sample.inputTokens,
      contextWindow: 400_000,
      maxOutputTokens: 32_000,
      reasoning: { effort: sample.claudeModel.includes('opus') ? 'high' : null, budgetTokens: null },
      route: null,
    });
    if (sample.outcome === 'live') {
      events.push({
        type: 'usage-update',
        seq: ++seq,
        requestId,
        outputTokens: 210,
        thinkingTokens: 0,
        at: at + 3_000,
      });
      return;
    }
    const end = at + sample.durationMs;
    if (sample.outcome === 'overloaded') {
      events.push({
        type: 'request-error',
        seq: ++seq,
        requestId,
        status: 529,
        errorType: 'overloaded_error',
        message: 'Upstream openrouter is overloaded (503). Retry later or pick another model.',
        durationMs: sample.durationMs,
        at: end,
      });
    } else {
      events.push({
        type: 'request-end',
        seq: ++seq,
        requestId,
        status: 200,
        inputTokens: sample.inputTokens,
        outputTokens: sample.outputTokens,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        thinkingTokens: 0,
        costUsd: sample.costUsd,
        durationMs: sample.durationMs,
        timeToFirstTokenMs: Math.round(sample.durationMs * 0.2),
        stopReason: 'end_turn',
        at: end,
      });
    }
    at = end + 2_000;
  });
  return events;
}
