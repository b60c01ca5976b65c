import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openMeter, type RequestRecord } from '@ccp/metering';

let sequence = 0;

/** One metered request as the proxy records it; fields not given take ordinary values. */
export function usageRecord(
  fields: Partial<RequestRecord> & Pick<RequestRecord, 'routedModel' | 'provider'>,
): RequestRecord {
  sequence += 1;
  return {
    id: `req_seed_${sequence}`,
    startedAt: Date.now() - 60_000,
    userId: null,
    sessionId: 'session-a',
    claudeModel: 'claude-sonnet-4-5',
    endpoint: 'https://openrouter.ai/api/v1',
    streamed: true,
    status: 200,
    errorType: null,
    inputTokens: 20_000,
    outputTokens: 1_000,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    thinkingTokens: 0,
    timeToFirstTokenMs: 400,
    totalMs: 3_000,
    phases: { parseMs: 1, routeMs: 1, upstreamWaitMs: 400, streamMs: 2_600 },
    costUsd: 0.075,
    route: 'middle',
    ...fields,
  };
}

/**
 * Writes a metering store at `path` the way the proxy does (migrations, users, records) and
 * closes it. Each record may name a user by username; the users are created first.
 */
export async function seedUsage(
  path: string,
  records: (RequestRecord & { username?: string })[],
): Promise<{ userIds: Record<string, string> }> {
  await mkdir(dirname(path), { recursive: true });
  const meter = await openMeter({ url: `file:${path}`, flushIntervalMs: 60_000 });
  const userIds: Record<string, string> = {};
  try {
    for (const username of new Set(records.flatMap((record) => (record.username ? [record.username] : [])))) {
      userIds[username] = (await meter.createUser({ username })).user.id;
    }
    for (const { username, ...record } of records) {
      meter.record({ ...record, userId: username ? (userIds[username] ?? null) : record.userId });
    }
    await meter.flush();
  } finally {
    await meter.close();
  }
  return { userIds };
}
