export type SourceRead =
  | { kind: 'chunk'; value: Uint8Array | string }
  | { kind: 'end' }
  | { kind: 'ping' }
  | { kind: 'aborted'; reason: unknown }
  | { kind: 'failed'; error: unknown };

const endRead: SourceRead = { kind: 'end' };
const pingRead: SourceRead = { kind: 'ping' };

function _ignore(): void {}

/**
 * Reads an async iterable and also wakes up for pings and for an abort signal. A chunk that
 * arrives while a ping is being handled is kept for the next `read()`, so nothing is lost.
 * Each read costs one promise: results, the single lazily re-armed ping timer and the abort
 * listener all hand over through one stored resolver (racing promises per chunk would pile
 * reactions onto the long-lived abort promise). `close()` clears the timer and the listener.
 */
export class SourceReader {
  private readonly iterator: AsyncIterator<Uint8Array | string>;
  private inFlight = false;
  private ended = false;
  private buffered: SourceRead | undefined;
  private abortedRead: SourceRead | undefined;
  private waiter: ((read: SourceRead) => void) | undefined;
  private pingsWanted = false;
  private lastActivity = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abortListener: (() => void) | undefined;

  constructor(
    source: AsyncIterable<Uint8Array | string>,
    private readonly pingIntervalMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    if (signal) {
      if (signal.aborted) this.abortedRead = { kind: 'aborted', reason: signal.reason };
      else {
        this.abortListener = () => {
          this.abortedRead = { kind: 'aborted', reason: signal.reason };
          this.deliver(this.abortedRead);
        };
        signal.addEventListener('abort', this.abortListener, { once: true });
      }
    }
  }

  /** True once the source reported its end or failed. */
  get isEnded(): boolean {
    return this.ended && !this.inFlight;
  }

  read(withPings = true): Promise<SourceRead> {
    if (this.abortedRead) return Promise.resolve(this.abortedRead);
    const buffered = this.buffered;
    if (buffered) {
      this.buffered = undefined;
      return Promise.resolve(buffered);
    }
    if (this.ended) return Promise.resolve(endRead);
    if (!this.inFlight) {
      this.inFlight = true;
      this.iterator.next().then(this.onResult, this.onFailure);
    }
    this.pingsWanted = withPings && this.pingIntervalMs > 0;
    if (this.pingsWanted && this.timer === undefined)
      this.timer = setTimeout(this.onTimer, this.pingIntervalMs);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private deliver(read: SourceRead): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(read);
    } else if (read.kind !== 'ping' && read.kind !== 'aborted') {
      this.buffered = read;
    }
  }

  private readonly onResult = (result: IteratorResult<Uint8Array | string>): void => {
    this.inFlight = false;
    this.lastActivity = Date.now();
    if (result.done) {
      this.ended = true;
      this.deliver(endRead);
    } else {
      this.deliver({ kind: 'chunk', value: result.value });
    }
  };

  private readonly onFailure = (error: unknown): void => {
    this.inFlight = false;
    this.ended = true;
    this.deliver({ kind: 'failed', error });
  };

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.ended) return;
    const idle = Date.now() - this.lastActivity;
    if (idle < this.pingIntervalMs) {
      this.timer = setTimeout(this.onTimer, this.pingIntervalMs - idle);
      return;
    }
    // Only a reader waiting on a silent upstream gets a ping; a busy consumer needs none.
    this.lastActivity = Date.now();
    if (this.waiter && this.pingsWanted) this.deliver(pingRead);
    this.timer = setTimeout(this.onTimer, this.pingIntervalMs);
  };

  /** Stops the timer and the abort listener and releases the source (cancelling an unfinished body). */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.signal && this.abortListener) this.signal.removeEventListener('abort', this.abortListener);
    this.abortListener = undefined;
    this.waiter = undefined;
    if (this.ended && !this.inFlight) return;
    const wasInFlight = this.inFlight;
    this.ended = true;
    let returning: Promise<unknown> | undefined;
    try {
      returning = this.iterator.return?.();
    } catch {
      return;
    }
    if (!returning) return;
    if (wasInFlight) {
      // A read is still in flight: an async generator source would only run return() after it,
      // which may never come; the caller aborting the fetch ends the read.
      returning.then(_ignore, _ignore);
      return;
    }
    try {
      await returning;
    } catch {
      // The source is being discarded; its cleanup failure changes nothing for the caller.
    }
  }
}
