import { type FeedEvent, parseFeedEvent } from '@ccp/feed';
import { resolveSettings } from '@ccp/config';
import { configuredSecrets } from '@ccp/gateway';
import { beforeAll, describe, expect, it } from 'vitest';
import recorded from './__fixtures__/two-sessions.events.json';
import { redactKeyLikeStrings } from './redact-key-like-strings';
import { type TerminalLoggerOptions, createTerminalLogger } from './terminal-logger';

const events = recorded.map((event) => {
  const parsed = parseFeedEvent(event);
  if (!parsed) throw new Error(`Fixture event ${event.seq} is invalid`);
  return parsed;
});

beforeAll(() => {
  process.env.TZ = 'UTC';
});

function run(options: Partial<TerminalLoggerOptions>, input: FeedEvent[] = events): string[] {
  const lines: string[] = [];
  const logger = createTerminalLogger({
    write: (line) => lines.push(line),
    color: false,
    compact: false,
    level: 'info',
    ...options,
  });
  for (const event of input) logger.handle(event);
  return lines;
}

describe('createTerminalLogger', () => {
  it('writes start, complete and error lines with bars, rate, latency, thinking and cost', () => {
    const lines = run({});
    expect(lines).toHaveLength(4 + 2 + 1);
    const completed = lines.find((line) => line.startsWith('✓') && line.includes('gpt-5.1'));
    expect(completed).toBeDefined();
    expect(completed).toMatch(/ctx [█░]{10} 45\.1K\/128\.0K 35\.2%/);
    expect(completed).toMatch(/out [█░]{10} 1\.4K/);
    expect(completed).toContain('think 1.2K');
    expect(completed).toContain('3.9s');
    expect(completed).toContain('ttft 811ms');
    expect(completed).toContain('460 tok/s');
    expect(completed).toContain('$0.0655');
    expect(completed).toContain('● 5f0c1d');
    const failed = lines.find((line) => line.startsWith('✗'));
    expect(failed).toContain('529 overloaded_error');
    expect(failed).toContain('deepseek/deepseek-r1');
    expect(lines.join('\n')).toMatchSnapshot();
  });

  it('says "window unknown" and "price unknown" for a model the catalog cannot size or price', () => {
    const start = events.find((event) => event.type === 'request-start' && event.requestId === 'req_02');
    const end = events.find((event) => event.type === 'request-end' && event.requestId === 'req_02');
    if (start?.type !== 'request-start' || end?.type !== 'request-end') throw new Error('fixture changed');
    const lines = run({}, [
      { ...start, routedModel: 'gpt-5.3', contextWindow: null, maxOutputTokens: null },
      { ...end, costUsd: null },
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ctx ░{10} 3\.1K\/window unknown/);
    expect(lines[1]).toMatch(/ctx ░{10} 3\.1K\/window unknown .* price unknown /);
    expect(lines.join('\n')).not.toContain('—');
    // No tokens, no cost: nothing to price, so no claim about the price either.
    const [empty] = run({ compact: true }, [{ ...end, inputTokens: 0, outputTokens: 0, costUsd: null }]);
    expect(empty).not.toContain('price unknown');
  });

  it('labels the context at the start as the proxy’s estimate, and the one at the end as counted', () => {
    const lines = run({});
    const started = lines.filter((line) => line.startsWith('→'));
    expect(started.length).toBeGreaterThan(0);
    for (const line of started) expect(line).toMatch(/ est\. ctx [█░]{10} [\d.]+K\//);
    const finished = lines.filter((line) => line.startsWith('✓'));
    expect(finished.length).toBeGreaterThan(0);
    for (const line of finished) expect(line).not.toContain('est.');
  });

  it('writes a request refused before routing as its error line alone', () => {
    const refused: FeedEvent[] = [
      {
        type: 'request-start',
        seq: 1,
        requestId: 'req_refused',
        sessionId: null,
        claudeModel: 'unknown',
        routedModel: 'unknown',
        provider: 'unknown',
        endpoint: '',
        streamed: false,
        startedAt: Date.UTC(2025, 0, 1, 12),
        estimatedInputTokens: 0,
        contextWindow: null,
        maxOutputTokens: null,
        reasoning: { effort: null, budgetTokens: null },
        route: null,
      },
      {
        type: 'request-error',
        seq: 2,
        requestId: 'req_refused',
        status: 400,
        errorType: 'invalid_request_error',
        message: 'max_tokens: Field required',
        durationMs: 2,
        at: Date.UTC(2025, 0, 1, 12),
      },
    ];
    expect(run({}, refused)).toEqual([
      '✗ 12:00:00 ● — unknown → not routed 400 invalid_request_error 2ms: max_tokens: Field required',
    ]);
  });

  it('writes one line per finished request when compact', () => {
    const lines = run({ compact: true });
    expect(lines).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('→'))).toHaveLength(0);
  });

  it('colours sessions with ANSI only when asked', () => {
    const colored = run({ color: true });
    expect(colored.some((line) => line.includes('\x1b['))).toBe(true);
    const plain = run({ color: false });
    expect(plain.some((line) => line.includes('\x1b['))).toBe(false);
    expect(colored.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(plain);
  });

  it('honours the level', () => {
    expect(run({ level: 'error' })).toHaveLength(1);
    expect(run({ level: 'debug' }).length).toBeGreaterThan(run({ level: 'info' }).length);
    const lines: string[] = [];
    const logger = createTerminalLogger({
      write: (line) => lines.push(line),
      color: false,
      compact: false,
      level: 'warn',
    });
    logger.info('hidden');
    logger.warn('shown');
    logger.error('also shown');
    expect(lines).toEqual(['WARN  shown', 'ERROR also shown']);
  });

  it('never prints something that looks like a key', () => {
    const leaking: FeedEvent = {
      type: 'request-error',
      seq: 99,
      requestId: 'req_01',
      status: 401,
      errorType: 'authentication_error',
      message: 'Incorrect API key provided: sk-proj-abcdef1234567890 (Authorization: Bearer abcdefghijkl123)',
      durationMs: 12,
      at: 1_764_160_000_000,
    };
    const lines = run({ level: 'debug' }, [leaking]);
    const logger = createTerminalLogger({
      write: (line) => lines.push(line),
      color: true,
      compact: false,
      level: 'info',
    });
    logger.info('upstream https://user:hunter22@example.com?api_key=abcd1234efgh');
    const output = lines.join('\n');
    expect(output).not.toContain('sk-proj-abcdef1234567890');
    expect(output).not.toContain('abcdefghijkl123');
    expect(output).not.toContain('hunter22');
    expect(output).not.toContain('abcd1234efgh');
  });

  it('masks a key made of ordinary words only where the key is, not in ordinary words', () => {
    const key = 'upstream-secret-XYZ';
    const secrets = configuredSecrets(
      resolveSettings({ PROVIDER_BASE_URL: 'http://127.0.0.1:9999/v1', PROVIDER_API_KEY: key }),
    );
    const lines: string[] = [];
    const logger = createTerminalLogger({
      write: (line) => lines.push(line),
      color: false,
      compact: false,
      level: 'info',
      secrets,
    });
    const ordinary = [
      'Every upstream endpoint for this request failed repeatedly and is paused (http://127.0.0.1:9999/v1)',
      'upstream http://127.0.0.1:9999/v1: circuit closed → open (5 failures in a row)',
    ];
    for (const line of ordinary) logger.warn(line);
    logger.error(`upstream said: Incorrect API key provided: ${key}`);
    logger.error(`upstream said: Incorrect API key provided: upstream****XYZ`);
    const basic = Buffer.from(`user:${key}`).toString('base64');
    logger.error(`auth: ${basic} ${encodeURIComponent(`?k=${key}`)}`);
    expect(lines.slice(0, 2)).toEqual(ordinary.map((line) => `WARN  ${line}`));
    expect(lines[2]).toBe('ERROR upstream said: Incorrect API key provided: [redacted]');
    expect(lines[3]).toBe('ERROR upstream said: Incorrect API key provided: [redacted]');
    expect(lines[4]).toContain('[redacted]');
    expect(lines[4]).not.toContain(basic.slice(8, 20));
    expect(lines[4]).not.toContain('secret');
  });
});

describe('redactKeyLikeStrings', () => {
  it('keeps ordinary text, uuids and model names', () => {
    const text = 'session 5f0c1d2e-aaaa-4b7c-9d10-1a2b3c4d5e6f used deepseek/deepseek-r1 for 3.9s';
    expect(redactKeyLikeStrings(text)).toBe(text);
    expect(redactKeyLikeStrings('token abcdefABCDEF0123456789abcdefABCDEF01 here')).toBe(
      'token [redacted] here',
    );
  });
});
