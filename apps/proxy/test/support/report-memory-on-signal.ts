// Loaded into a proxy child process with `--import` (and `--expose-gc`) by proxy-process.ts:
// on SIGUSR2 it runs a full garbage collection and writes the memory figures to stderr, so a
// test can compare memory before and after load without reaching into the proxy.
process.on('SIGUSR2', () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(
    `ccp-test-memory ${JSON.stringify({ rss, heapUsed, external, arrayBuffers, collected: collect !== undefined })}\n`,
  );
});
