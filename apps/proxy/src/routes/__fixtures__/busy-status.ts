import type { StatusSnapshot } from '../status-routes';

/** A proxy an hour into a session: 12 requests, one failed. */
export const busyStatus: StatusSnapshot = {
  up: true,
  version: '0.1.0',
  provider: 'openrouter',
  models: { big: 'openai/gpt-5.1', middle: 'anthropic/claude-sonnet-4', small: 'openai/gpt-4.1-mini' },
  requests: 12,
  succeeded: 11,
  failed: 1,
  active: 0,
  successRate: 11 / 12,
  averageLatencyMs: 3200,
  tokensPerSecond: 38.4,
  costUsd: 0.0412,
  uptimeSeconds: 3725,
};
