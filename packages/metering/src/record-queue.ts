/** Options of {@link RecordQueue}. */
export interface RecordQueueOptions<T> {
  /** Most items written by one call of `write`. */
  batchSize: number;
  /** Longest an item waits before a write is started. */
  flushIntervalMs: number;
  /** Most items held in memory; further items are dropped and counted. */
  maxQueue: number;
  write: (batch: T[]) => Promise<void>;
  /** Told about a batch that failed twice and was given up. */
  onError?: (error: unknown, lostItems: number) => void;
  /** Told about every batch once it is written or given up. Must not throw. */
  onSettled?: (batch: T[]) => void;
}

/**
 * A bounded in-memory queue drained in batches in the background. `push` is synchronous and
 * never throws, so the request path never waits for the database; a failed batch is retried
 * once, then counted as failed and reported through `onError`.
 *
 * @example
 * const queue = new RecordQueue({ batchSize: 200, flushIntervalMs: 1000, maxQueue: 10_000, write });
 * queue.push(item);
 * await queue.close();
 */
export class RecordQueue<T> {
  readonly #options: RecordQueueOptions<T>;
  #items: T[] = [];
  #draining: Promise<void> | null = null;
  #scheduled = false;
  #closed = false;
  #timer: ReturnType<typeof setInterval>;
  #written = 0;
  #dropped = 0;
  #failed = 0;

  constructor(options: RecordQueueOptions<T>) {
    this.#options = options;
    this.#timer = setInterval(() => {
      if (this.#items.length > 0) void this.#drain();
    }, options.flushIntervalMs);
    // A pending metering flush must not keep the process alive on its own.
    this.#timer.unref?.();
  }

  /** Enqueues an item; returns false (and counts a drop) when full or closed. */
  push(item: T): boolean {
    if (this.#closed || this.#items.length >= this.#options.maxQueue) {
      this.#dropped += 1;
      return false;
    }
    this.#items.push(item);
    if (this.#items.length >= this.#options.batchSize) this.flushSoon();
    return true;
  }

  /** Starts writing what is queued at the next turn of the event loop instead of at the interval. */
  flushSoon(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  stats(): { queued: number; written: number; dropped: number; failed: number } {
    return {
      queued: this.#items.length,
      written: this.#written,
      dropped: this.#dropped,
      failed: this.#failed,
    };
  }

  /** Resolves once every item pushed before the call has been written (or given up). */
  async flush(): Promise<void> {
    while (this.#items.length > 0 || this.#draining) {
      await this.#drain();
    }
  }

  /** Refuses new items, writes the rest and stops the timer. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
  }

  #drain(): Promise<void> {
    if (this.#draining) return this.#draining;
    if (this.#items.length === 0) return Promise.resolve();
    // `.finally` runs asynchronously, so `#draining` is always assigned before it is cleared.
    const run = this.#writeAll().finally(() => {
      if (this.#draining === run) this.#draining = null;
    });
    this.#draining = run;
    return run;
  }

  async #writeAll(): Promise<void> {
    while (this.#items.length > 0) {
      const batch = this.#items.splice(0, this.#options.batchSize);
      await this.#writeWithRetry(batch);
    }
  }

  async #writeWithRetry(batch: T[]): Promise<void> {
    try {
      await this.#writeOnce(batch);
    } finally {
      try {
        this.#options.onSettled?.(batch);
      } catch {
        // A throwing callback must not stop the queue.
      }
    }
  }

  async #writeOnce(batch: T[]): Promise<void> {
    try {
      await this.#options.write(batch);
      this.#written += batch.length;
      return;
    } catch {
      // One retry covers a transient lock or network hiccup; the writes are idempotent.
    }
    try {
      await this.#options.write(batch);
      this.#written += batch.length;
    } catch (error) {
      this.#failed += batch.length;
      try {
        this.#options.onError?.(error, batch.length);
      } catch {
        // A throwing error callback must not stop the queue.
      }
    }
  }
}
