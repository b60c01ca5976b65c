import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecord } from '../src/types';

/** A fresh directory and `file:` URL for one test database; `remove()` deletes it. */
export function tempDatabase(name = 'ccp.db') {
  const directory = mkdtempSync(join(tmpdir(), 'ccp-metering-'));
  const path = join(directory, 'nested', name);
  return {
    directory,
    path,
    url: `file:${path}`,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

let counter = 0;

/** A plausible request record; override what the test is about. */
export function sampleRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  counter += 1;
  return {
    id: `req_${process.pid}_${counter}_${Math.random().toString(36).slice(2)}`,
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
    cacheReadTokens: 10,
    cacheWriteTokens: 5,
    thinkingTokens: 0,
    timeToFirstTokenMs: 120,
    totalMs: 900,
    phases: { parseMs: 1, routeMs: 0.5, upstreamWaitMs: 100, streamMs: 798.5 },
    costUsd: 0.001,
    route: null,
    ...overrides,
  };
}
