import type { FeedEvent, RequestEvent, RequestEventInput } from '@ccp/feed';

/**
 * A short made-up session, relative to `now`, used for the live previews of `configure`:
 * two Claude Code sessions, a finished request, a failed one and one still streaming.
 */
export function sampleEvents(now: number): FeedEvent[] {
  const events: RequestEvent[] = [];
  let seq = 0;
  const add = (event: RequestEventInput) => events.push({ ...event, seq: ++seq } as RequestEvent);
  const start = (
    requestId: string,
    sessionId: string,
    at: number,
    claudeModel: string,
    routedModel: string,
  ) =>
    add({
      type: 'request-start',
      requestId,
      sessionId,
      claudeModel,
      routedModel,
      provider: routedModel.includes('/') ? 'openrouter' : 'openai',
      endpoint: 'https://example.invalid/v1',
      streamed: true,
      startedAt: at,
      estimatedInputTokens: 38_000,
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      reasoning: { effort: 'high', budgetTokens: null },
      route: claudeModel.includes('haiku') ? 'small' : 'big',
    });
  const phases = (requestId: string, at: number, waitMs: number) => {
    add({ type: 'request-phase', requestId, phase: 'parse', at });
    add({ type: 'request-phase', requestId, phase: 'route', at: at + 2 });
    add({ type: 'request-phase', requestId, phase: 'think', at: at + 3 });
    add({ type: 'request-phase', requestId, phase: 'send', at: at + 4 });
    add({ type: 'request-phase', requestId, phase: 'wait', at: at + 6 });
    add({ type: 'request-phase', requestId, phase: 'receive', at: at + waitMs });
  };
  const first = now - 9000;
  start('sample_1', 'a1b2c3d4-session', first, 'claude-opus-4-8', 'gpt-5.1');
  phases('sample_1', first, 700);
  add({ type: 'request-phase', requestId: 'sample_1', phase: 'done', at: first + 3200 });
  add({
    type: 'request-end',
    requestId: 'sample_1',
    status: 200,
    inputTokens: 36_000,
    outputTokens: 1400,
    cacheReadTokens: 2000,
    cacheWriteTokens: 0,
    thinkingTokens: 900,
    costUsd: 0.052,
    durationMs: 3200,
    timeToFirstTokenMs: 700,
    stopReason: 'tool_use',
    at: first + 3200,
  });
  const second = now - 5000;
  start('sample_2', 'f9e8d7c6-session', second, 'claude-haiku-4-5', 'gpt-4.1-mini');
  phases('sample_2', second, 400);
  add({
    type: 'request-error',
    requestId: 'sample_2',
    status: 529,
    errorType: 'overloaded_error',
    message: 'Upstream is overloaded; retry later.',
    durationMs: 900,
    at: second + 900,
  });
  const third = now - 2500;
  start('sample_3', 'a1b2c3d4-session', third, 'claude-sonnet-4-6', 'deepseek/deepseek-r1');
  phases('sample_3', third, 800);
  add({ type: 'usage-update', requestId: 'sample_3', outputTokens: 420, thinkingTokens: 300, at: now - 200 });
  return events;
}
