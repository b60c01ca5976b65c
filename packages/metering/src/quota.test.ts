import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord, tempDatabase } from '../test/temp-database';
import { openMeter } from './open-meter';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fileMeter(now?: () => number) {
  const database = tempDatabase();
  cleanups.push(database.remove);
  const meter = await openMeter({ url: database.url, ...(now ? { now } : {}) });
  cleanups.push(() => meter.close());
  return { meter, database };
}

describe('quotas', () => {
  it('lets exactly 10 of 50 concurrent reservations through at a limit of 10', async () => {
    const { meter } = await fileMeter();
    const { user } = await meter.createUser({ username: 'ada', quotaRequests: 10 });
    const decisions = await Promise.all(Array.from({ length: 50 }, () => meter.reserveQuota(user.id)));
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(10);
    const refused = decisions.find((decision) => !decision.ok);
    expect(refused).toMatchObject({
      ok: false,
      limit: 'requests',
      message: expect.stringContaining('10 of 10'),
    });
    expect((await meter.quotaStatus(user.id))?.requests).toMatchObject({ used: 10, limit: 10, remaining: 0 });
  });

  it('holds the limit across several clients (connections) on one file', async () => {
    const { meter, database } = await fileMeter();
    const others = await Promise.all([1, 2, 3].map(() => openMeter({ url: database.url })));
    cleanups.push(async () => {
      await Promise.all(others.map((other) => other.close()));
    });
    const { user } = await meter.createUser({ username: 'ada', quotaRequests: 7 });
    const all = [meter, ...others];
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, index) => all[index % all.length]!.reserveQuota(user.id)),
    );
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(7);
  });

  it('stops at the daily token quota once settled usage reaches it, and says when it resets', async () => {
    const now = Date.UTC(2026, 10, 26, 15, 0, 0);
    const { meter } = await fileMeter(() => now);
    const { user } = await meter.createUser({ username: 'ada', quotaTokens: 1000 });
    const first = await meter.reserveQuota(user.id, { requestId: 'r1' });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    await meter.settleQuota(first.reservation, { inputTokens: 900, outputTokens: 200, costUsd: 0.01 });
    const second = await meter.reserveQuota(user.id);
    expect(second).toMatchObject({
      ok: false,
      limit: 'tokens',
      resetsAt: new Date(Date.UTC(2026, 10, 27)),
      message: expect.stringContaining('1100 of 1000 tokens'),
    });
  });

  it('enforces the monthly cost cap over the whole month and resets on the 1st', async () => {
    let now = Date.UTC(2026, 10, 3, 9);
    const { meter } = await fileMeter(() => now);
    const { user } = await meter.createUser({ username: 'ada', quotaCost: 1 });
    meter.record(sampleRecord({ userId: user.id, startedAt: now, costUsd: 0.6 }));
    now = Date.UTC(2026, 10, 20, 9);
    meter.record(sampleRecord({ userId: user.id, startedAt: now, costUsd: 0.6 }));
    await meter.flush();
    const refused = await meter.reserveQuota(user.id);
    expect(refused).toMatchObject({ ok: false, limit: 'cost', resetsAt: new Date(Date.UTC(2026, 11, 1)) });
    now = Date.UTC(2026, 11, 1, 0, 0, 1);
    expect((await meter.reserveQuota(user.id)).ok).toBe(true);
  });

  it('counts a reserved and recorded request once, and a settled one is not added again', async () => {
    const { meter } = await fileMeter();
    const { user } = await meter.createUser({ username: 'ada' });
    const reserved = await meter.reserveQuota(user.id, { requestId: 'a' });
    const settled = await meter.reserveQuota(user.id, { requestId: 'b' });
    if (!reserved.ok || !settled.ok) throw new Error('unlimited user was refused');
    await meter.settleQuota(settled.reservation, { inputTokens: 5, outputTokens: 5, costUsd: 0.1 });
    meter.record(
      sampleRecord({
        id: 'a',
        userId: user.id,
        inputTokens: 1,
        outputTokens: 1,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0.2,
      }),
    );
    meter.record(
      sampleRecord({
        id: 'b',
        userId: user.id,
        inputTokens: 5,
        outputTokens: 5,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0.1,
      }),
    );
    meter.record(
      sampleRecord({
        id: 'c',
        userId: user.id,
        inputTokens: 2,
        outputTokens: 2,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0.3,
      }),
    );
    await meter.flush();
    const [today] = await meter.dailyUsage(user.id, 1);
    expect(today).toMatchObject({ requests: 3, inputTokens: 8, outputTokens: 8, totalTokens: 16 });
    expect(today?.costUsd).toBeCloseTo(0.6, 10);
  });

  it('refuses a disabled or unknown user and leaves unlimited users alone', async () => {
    const { meter } = await fileMeter();
    const { user } = await meter.createUser({ username: 'ada' });
    for (let index = 0; index < 20; index += 1) expect((await meter.reserveQuota(user.id)).ok).toBe(true);
    await meter.disableUser(user.id);
    expect(await meter.reserveQuota(user.id)).toMatchObject({
      ok: false,
      message: expect.stringContaining('disabled'),
    });
    expect((await meter.reserveQuota('usr_missing')).ok).toBe(false);
    const status = await meter.quotaStatus(user.id);
    expect(status?.requests).toMatchObject({ used: 20, limit: null, remaining: null });
    expect(await meter.quotaStatus('usr_missing')).toBeNull();
  });
});
