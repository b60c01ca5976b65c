/**
 * Starts the fake upstream with the default responder and prints its base URL on stdout (one
 * line, for scripts and the benchmark), with how to point ccp at it on stderr.
 *
 *   pnpm fake-upstream --port 9999 --delay 20
 */
import { parseArgs } from 'node:util';
import { createDefaultResponder } from './default-responder';
import { startFakeUpstream } from './fake-upstream';

const usage = `Usage: pnpm fake-upstream [options]

An OpenAI-compatible server that answers like a real provider, with no key and no cost:
try Claude Code through ccp, demo it, or test your own setup.

Options:
  --host HOST            address to bind (default 127.0.0.1)
  --port PORT            port to listen on (default 0: any free port)
  --delay MS             pause between streamed chunks, in milliseconds (default 0)
  --fragment-size N      characters per streamed text fragment (default 8)
  --record               keep the requests it receives in memory
  -h, --help             show this help
`;

function fail(message: string): never {
  process.stderr.write(`fake-upstream: ${message}\n\n${usage}`);
  process.exit(2);
}

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    fail(`--${name} must be a number of 0 or more, got "${value}".`);
  }
  return parsed;
}

let values: {
  host?: string | undefined;
  port?: string | undefined;
  delay?: string | undefined;
  'fragment-size'?: string | undefined;
  record?: boolean | undefined;
  help?: boolean | undefined;
};
try {
  ({ values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      delay: { type: 'string' },
      'fragment-size': { type: 'string' },
      record: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const port = numberOption('port', values.port, 0);
let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
try {
  upstream = await startFakeUpstream({
    host: values.host ?? '127.0.0.1',
    port,
    record: values.record ?? false,
    defaultResponder: createDefaultResponder({
      delayMs: numberOption('delay', values.delay, 0),
      fragmentSize: numberOption('fragment-size', values['fragment-size'], 8) || 8,
    }),
  });
} catch (error) {
  const code = (error as { code?: string }).code;
  process.stderr.write(
    `fake-upstream could not start: ${code === 'EADDRINUSE' ? `port ${port} is already in use; pick another with --port` : error instanceof Error ? error.message : String(error)}.\n`,
  );
  process.exit(1);
}
process.stdout.write(`${upstream.url}\n`);
process.stderr.write(
  `fake upstream listening at ${upstream.url} (Ctrl-C stops it)\n` +
    `point ccp at it: PROVIDER_BASE_URL=${upstream.url} PROVIDER_API_KEY=any-value pnpm start\n`,
);

const stop = () => {
  upstream.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
