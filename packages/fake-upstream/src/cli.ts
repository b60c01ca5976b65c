/**
 * Starts the fake upstream with the default responder and prints its base URL on stdout (one line),
 * for manual runs and the benchmark:
 *
 *   pnpm exec tsx packages/fake-upstream/src/cli.ts --port 9999 --delay 0
 *
 * Options: --host (127.0.0.1), --port (0 = any free port), --delay ms between chunks (0),
 * --fragment-size characters per fragment (8), --record (keep requests in memory; off by default).
 */
import { parseArgs } from 'node:util';
import { createDefaultResponder } from './default-responder';
import { startFakeUpstream } from './fake-upstream';

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    process.stderr.write(`fake-upstream: --${name} must be a number of 0 or more, got "${value}".\n`);
    process.exit(2);
  }
  return parsed;
}

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    delay: { type: 'string' },
    'fragment-size': { type: 'string' },
    record: { type: 'boolean', default: false },
  },
});

const upstream = await startFakeUpstream({
  host: values.host,
  port: numberOption('port', values.port, 0),
  record: values.record,
  defaultResponder: createDefaultResponder({
    delayMs: numberOption('delay', values.delay, 0),
    fragmentSize: numberOption('fragment-size', values['fragment-size'], 8) || 8,
  }),
});
process.stdout.write(`${upstream.url}\n`);

const stop = () => {
  upstream.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
