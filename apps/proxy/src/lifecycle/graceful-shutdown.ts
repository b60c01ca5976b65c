import type { Server, ServerResponse } from 'node:http';

export type GracefulShutdownOptions = {
  server: Server;
  /** How long responses in flight may keep running once shutdown starts; then their sockets are destroyed. */
  deadlineMs: number;
  /** Run in order once every connection is closed (metering flush, upstream pool close); failures are reported, not thrown. */
  onDrained?: ReadonlyArray<() => Promise<void> | void>;
  log?: (level: 'info' | 'warn', message: string) => void;
};

export type ShutdownReport = {
  reason: string;
  /** Responses running when shutdown started. */
  inFlightAtStart: number;
  /** Responses that finished (or were closed by their client) before the deadline. */
  finished: number;
  /** Responses cut off at the deadline or by `force()`. */
  destroyed: number;
  /** One line per `onDrained` hook that failed. */
  hookFailures: string[];
};

export type GracefulShutdown = {
  /** Starts shutting down (once; later calls return the same promise). Resolves when drained and the hooks ran. */
  shutdown(reason?: string): Promise<ShutdownReport>;
  /** Cuts every connection now (a second Ctrl-C); `shutdown()` then finishes at once. */
  force(): void;
  /** Responses running now. */
  inFlight(): number;
  /** False once shutdown started: a health check or middleware can answer 503 to new work. */
  accepting(): boolean;
};

/**
 * Graceful shutdown for a node HTTP server (the proxy's): stop accepting connections, let
 * responses in flight — long SSE streams included — finish up to a deadline, destroy what is
 * left, then run the `onDrained` hooks. Create it right after the server starts listening so
 * every request is tracked.
 *
 * @example
 * const lifecycle = createGracefulShutdown({ server: proxy.server, deadlineMs: 10_000, onDrained: [() => meter.close()] });
 * process.once('SIGTERM', async () => { await lifecycle.shutdown('SIGTERM'); process.exit(0); });
 */
export function createGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { server } = options;
  const log = options.log ?? (() => {});
  const active = new Set<ServerResponse>();
  let started: Promise<ShutdownReport> | undefined;
  let stopping = false;
  let finished = 0;
  let destroyed = 0;
  const cut = new WeakSet<ServerResponse>();

  server.on('request', (_request, response: ServerResponse) => {
    active.add(response);
    // A request that slips in on a kept-alive connection is served, then the connection closes.
    if (stopping && !response.headersSent) response.setHeader('connection', 'close');
    response.once('close', () => {
      active.delete(response);
      if (!stopping) return;
      if (!cut.has(response)) finished += 1;
      // The socket turns idle just after the response closes; close it then so the server can finish.
      setImmediate(() => server.closeIdleConnections());
    });
  });

  const cutEverything = () => {
    // Counted here: the responses' close events may come after the server's own close.
    for (const response of active) {
      if (cut.has(response)) continue;
      cut.add(response);
      destroyed += 1;
    }
    server.closeAllConnections();
  };

  const run = async (reason: string): Promise<ShutdownReport> => {
    stopping = true;
    const inFlightAtStart = active.size;
    for (const response of active) if (!response.headersSent) response.setHeader('connection', 'close');
    log(
      'info',
      `${reason}: stopped accepting; ${inFlightAtStart} response(s) in flight, waiting up to ${options.deadlineMs} ms`,
    );

    const closed = new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
    });
    server.closeIdleConnections();
    const deadline = setTimeout(() => {
      if (active.size > 0) {
        log('warn', `${active.size} response(s) still running after ${options.deadlineMs} ms: closing them`);
      }
      cutEverything();
    }, options.deadlineMs);
    deadline.unref();
    await closed;
    clearTimeout(deadline);

    const hookFailures: string[] = [];
    for (const [index, hook] of (options.onDrained ?? []).entries()) {
      try {
        await hook();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        hookFailures.push(`shutdown step ${index + 1} failed: ${message}`);
        log('warn', `shutdown step ${index + 1} failed: ${message}`);
      }
    }
    return { reason, inFlightAtStart, finished, destroyed, hookFailures };
  };

  const shutdown = (reason = 'shutdown') => {
    started ??= run(reason);
    return started;
  };
  return {
    shutdown,
    force() {
      if (!stopping) void shutdown('forced shutdown');
      cutEverything();
    },
    inFlight: () => active.size,
    accepting: () => !stopping,
  };
}
