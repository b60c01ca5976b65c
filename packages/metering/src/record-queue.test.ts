import { describe, expect, it } from 'vitest';
import { RecordQueue } from './record-queue';

describe('RecordQueue', () => {
  it('writes everything in batches no larger than batchSize and flushes on demand', async () => {
    const batches: number[][] = [];
    const queue = new RecordQueue<number>({
      batchSize: 7,
      flushIntervalMs: 60_000,
      maxQueue: 1000,
      write: async (batch) => {
        batches.push(batch);
      },
    });
    for (let index = 0; index < 50; index += 1) expect(queue.push(index)).toBe(true);
    await queue.flush();
    expect(batches.flat()).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(7);
    expect(queue.stats()).toEqual({ queued: 0, written: 50, dropped: 0, failed: 0 });
    await queue.close();
  });

  it('drops and counts items beyond maxQueue instead of growing', async () => {
    const written: number[] = [];
    const queue = new RecordQueue<number>({
      batchSize: 100,
      flushIntervalMs: 60_000,
      maxQueue: 5,
      write: async (batch) => {
        written.push(...batch);
      },
    });
    const accepted = Array.from({ length: 8 }, (_, index) => queue.push(index));
    expect(accepted).toEqual([true, true, true, true, true, false, false, false]);
    expect(queue.stats().dropped).toBe(3);
    await queue.close();
    expect(written).toEqual([0, 1, 2, 3, 4]);
    expect(queue.push(99)).toBe(false);
  });

  it('retries a failed batch once and succeeds', async () => {
    let calls = 0;
    const queue = new RecordQueue<string>({
      batchSize: 10,
      flushIntervalMs: 60_000,
      maxQueue: 10,
      write: async () => {
        calls += 1;
        if (calls === 1) throw new Error('SQLITE_BUSY');
      },
    });
    queue.push('a');
    await queue.close();
    expect(calls).toBe(2);
    expect(queue.stats()).toMatchObject({ written: 1, failed: 0 });
  });

  it('gives a batch up after the retry, reports it and keeps going', async () => {
    const reported: { message: string; lost: number }[] = [];
    let failing = true;
    const queue = new RecordQueue<string>({
      batchSize: 2,
      flushIntervalMs: 60_000,
      maxQueue: 10,
      write: async () => {
        if (failing) throw new Error('disk full');
      },
      onError: (error, lost) => {
        reported.push({ message: (error as Error).message, lost });
        throw new Error('a throwing callback must not break the queue');
      },
    });
    queue.push('a');
    queue.push('b');
    await queue.flush();
    failing = false;
    queue.push('c');
    await queue.close();
    expect(reported).toEqual([{ message: 'disk full', lost: 2 }]);
    expect(queue.stats()).toMatchObject({ written: 1, failed: 2 });
  });

  it('flushes again after a scheduled drain found the queue already emptied', async () => {
    const written: number[] = [];
    const queue = new RecordQueue<number>({
      batchSize: 2,
      flushIntervalMs: 60_000,
      maxQueue: 100,
      write: async (batch) => {
        written.push(...batch);
      },
    });
    queue.push(1);
    queue.push(2); // schedules a drain on the next turn
    await queue.flush(); // empties the queue first
    await new Promise((resolve) => setImmediate(resolve)); // the scheduled drain finds nothing
    queue.push(3);
    await queue.flush();
    await queue.flush();
    expect(written).toEqual([1, 2, 3]);
    await queue.close();
  });

  it('writes on its own timer without an explicit flush', async () => {
    const written: string[] = [];
    const queue = new RecordQueue<string>({
      batchSize: 100,
      flushIntervalMs: 10,
      maxQueue: 100,
      write: async (batch) => {
        written.push(...batch);
      },
    });
    queue.push('timer');
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (written.length > 0) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(written).toEqual(['timer']);
    await queue.close();
  });
});
