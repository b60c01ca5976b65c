import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Meter, openMeter, type RequestRecord } from '@ccp/metering';

/** A meter on a fresh temp libsql file, and a cleanup that closes it and deletes the file. */
export async function openTestMeter(options: { now?: () => number } = {}): Promise<{
  meter: Meter;
  cleanup: () => Promise<void>;
}> {
  const directory = mkdtempSync(join(tmpdir(), 'ccp-routes-'));
  const meter = await openMeter({ url: `file:${join(directory, 'ccp.db')}`, ...options });
  return {
    meter,
    cleanup: async () => {
      await meter.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

let sequence = 0;

/** A plausible request record; override what the test is about. */
export function testRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  sequence += 1;
  return {
    id: `req_${sequence}_${Math.random().toString(36).slice(2)}`,
    startedAt: Date.now(),
    userId: null,
    sessionId: 'session-1',
    claudeModel: 'claude-sonnet-4-5',
    routedModel: 'gpt-4o',
    provider: 'openai',
    endpoint: 'https://api.openai.com/v1',
    streamed: true,
    status: 200,
    errorType: null,
    inputTokens: 100,
    outputTokens: 50,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    thinkingTokens: 0,
    timeToFirstTokenMs: 120,
    totalMs: 900,
    phases: { parseMs: 1, routeMs: 1, upstreamWaitMs: 100, streamMs: 798 },
    costUsd: 0.001,
    route: null,
    ...overrides,
  };
}

/** Admin headers for route tests. */
export const adminKey = 'test-admin-key';
export const adminHeaders = { 'x-api-key': adminKey };
