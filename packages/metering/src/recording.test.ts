import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord, tempDatabase } from '../test/temp-database';
import { openMeter } from './open-meter';
import type { Meter } from './types';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fileMeter(options: { maxQueue?: number; batchSize?: number } = {}): Promise<Meter> {
  const database = tempDatabase();
  cleanups.push(database.remove);
  const meter = await openMeter({ url: database.url, flushIntervalMs: 20, ...options });
  cleanups.push(() => meter.close());
  return meter;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('meter.record', () => {
  it('stores every one of 5,000 records enqueued concurrently', async () => {
    const meter = await fileMeter();
    await Promise.all(
      Array.from({ length: 5000 }, async (_, index) => {
        await Promise.resolve();
        meter.record(sampleRecord({ id: `load-${index}` }));
      }),
    );
    await meter.flush();
    expect(await meter.countRequests()).toBe(5000);
    expect(meter.stats()).toEqual({ queued: 0, written: 5000, dropped: 0, failed: 0, replayed: 0 });
  });

  it('is synchronous and bounded: over maxQueue it counts drops instead of growing', async () => {
    const meter = await fileMeter({ maxQueue: 10, batchSize: 1000 });
    for (let index = 0; index < 25; index += 1) meter.record(sampleRecord());
    expect(meter.stats()).toMatchObject({ queued: 10, dropped: 15 });
    await meter.flush();
    expect(await meter.countRequests()).toBe(10);
  });

  it('stores every field as given', async () => {
    const meter = await fileMeter();
    const record = sampleRecord({
      userId: 'usr_1',
      route: 'long-context',
      streamed: false,
      status: 529,
      errorType: 'overloaded_error',
      timeToFirstTokenMs: null,
      costUsd: null,
      thinkingTokens: 42,
    });
    meter.record(record);
    await meter.flush();
    const [row] = await collect(meter.exportRows(1));
    expect(row).toEqual({
      id: record.id,
      startedAt: record.startedAt,
      userId: 'usr_1',
      sessionId: record.sessionId,
      claudeModel: record.claudeModel,
      routedModel: record.routedModel,
      provider: record.provider,
      endpoint: record.endpoint,
      route: 'long-context',
      streamed: false,
      status: 529,
      errorType: 'overloaded_error',
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      cacheReadTokens: record.cacheReadTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      thinkingTokens: 42,
      timeToFirstTokenMs: null,
      totalMs: record.totalMs,
      parseMs: record.phases.parseMs,
      routeMs: record.phases.routeMs,
      upstreamWaitMs: record.phases.upstreamWaitMs,
      streamMs: record.phases.streamMs,
      costUsd: null,
    });
  });

  it('never throws on a malformed record and ignores a duplicate id', async () => {
    const meter = await fileMeter();
    const record = sampleRecord({ id: 'same' });
    meter.record(record);
    meter.record({ ...record });
    expect(() => meter.record(null as unknown as Parameters<Meter['record']>[0])).not.toThrow();
    await meter.flush();
    expect(await meter.countRequests()).toBe(1);
  });

  it('adds user records to the per-user daily usage', async () => {
    const meter = await fileMeter();
    const { user } = await meter.createUser({ username: 'ada' });
    meter.record(
      sampleRecord({
        userId: user.id,
        inputTokens: 10,
        outputTokens: 5,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0.5,
      }),
    );
    meter.record(
      sampleRecord({
        userId: user.id,
        inputTokens: 1,
        outputTokens: 2,
        cacheReadTokens: 3,
        cacheWriteTokens: 4,
        costUsd: 0.25,
      }),
    );
    meter.record(sampleRecord({ userId: null }));
    await meter.flush();
    const usage = await meter.dailyUsage(user.id, 1);
    expect(usage).toEqual([
      {
        day: new Date().toISOString().slice(0, 10),
        requests: 2,
        inputTokens: 11,
        outputTokens: 7,
        totalTokens: 25,
        costUsd: 0.75,
      },
    ]);
  });

  it('keeps what was queued when the meter is closed', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url, flushIntervalMs: 60_000 });
    for (let index = 0; index < 30; index += 1) meter.record(sampleRecord());
    await meter.close();
    const reopened = await openMeter({ url: database.url });
    cleanups.push(() => reopened.close());
    expect(await reopened.countRequests()).toBe(30);
  });

  it('reports a failing database through onError without throwing', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const errors: number[] = [];
    const meter = await openMeter({
      url: database.url,
      onError: (_error, lost) => errors.push(lost),
    });
    await meter.close();
    // After close the client is gone: records are refused (counted as dropped), never thrown.
    expect(() => meter.record(sampleRecord())).not.toThrow();
    expect(meter.stats().dropped).toBe(1);
  });
});
