import type { RecordedRequest } from '@ccp/fake-upstream';
import { describe, expect, it } from 'vitest';
import { evaluateClaudeCodeSession } from './evaluate-claude-code';
import type { RecordedExchange } from './recording-forwarder';
import { type ClaudeCodeSession, type ClaudeRun, reasoningText } from './run-claude-code';

const bash = { name: 'Bash', input_schema: { type: 'object' } };
const signed = { type: 'thinking', thinking: 'run it', signature: 'ccp1.abc' };
const streamed = 'event: message_start\ndata: {}\n\nevent: message_stop\ndata: {}\n\n';

function exchange(path: string, body: unknown, status = 200, responseText = streamed): RecordedExchange {
  return { method: 'POST', path, headers: {}, body, status, responseText };
}

function run(label: ClaudeRun['label'], stdout: string, code: number | null = 0): ClaudeRun {
  return { label, args: [], code, stdout, stderr: '', timedOut: false };
}

function upstream(messages: unknown[]): RecordedRequest {
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    query: {},
    headers: {},
    body: { messages },
    rawBody: '',
    route: 'chat-completions',
    receivedAt: 0,
    aborted: false,
    chunksWritten: 0,
  };
}

const bashCall = (command: string) => ({
  role: 'assistant',
  reasoning_content: reasoningText,
  tool_calls: [{ function: { name: 'Bash', arguments: JSON.stringify({ command }) } }],
});

/** A session in which everything went right; tests spoil one part of it. */
function goodSession(): ClaudeCodeSession {
  const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'echo compat-ok' } };
  return {
    runs: [
      run('first', 'The command printed: compat-ok'),
      run('second', 'The command printed: compat-again'),
      run('context', '## Context Usage'),
    ],
    exchanges: [
      exchange('/v1/messages?beta=true', {
        stream: true,
        thinking: { type: 'adaptive' },
        tools: [bash],
        messages: [{ role: 'user', content: 'Run `echo compat-ok`' }],
      }),
      exchange('/v1/messages?beta=true', {
        stream: true,
        thinking: { type: 'adaptive' },
        tools: [bash],
        messages: [
          { role: 'user', content: 'Run `echo compat-ok`' },
          { role: 'assistant', content: [signed, toolUse] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'compat-ok' }] },
        ],
      }),
      exchange('/v1/messages/count_tokens?beta=true', { messages: [] }, 200, '{"input_tokens":12}'),
    ],
    upstreamRequests: [
      upstream([
        { role: 'user', content: 'Run `echo compat-ok`' },
        bashCall('echo compat-ok'),
        { role: 'tool', content: 'compat-ok' },
      ]),
      upstream([
        { role: 'user', content: 'Run `echo compat-ok`' },
        bashCall('echo compat-ok'),
        { role: 'tool', content: 'compat-ok' },
        { role: 'user', content: 'Now run `echo compat-again`' },
        bashCall('echo compat-again'),
        { role: 'tool', content: 'compat-again' },
      ]),
    ],
    machineStrings: { home: '/tmp/h', workDirectory: '/tmp/w', baseUrl: 'http://127.0.0.1:1' },
    proxyLogs: [],
  };
}

const statuses = (session: ClaudeCodeSession) =>
  Object.fromEntries(
    evaluateClaudeCodeSession('9.9.9', session).checks.map((item) => [item.name, item.status]),
  );

describe('evaluateClaudeCodeSession', () => {
  it('passes a session in which every step worked, naming the thinking shape and the counts', () => {
    const row = evaluateClaudeCodeSession('9.9.9', goodSession());
    expect(row.passed).toBe(true);
    expect(row.checks).toEqual([
      { name: 'tool task', status: 'pass', detail: '' },
      { name: 'second turn', status: 'pass', detail: '' },
      { name: 'streaming', status: 'pass', detail: '2 streams' },
      { name: 'thinking', status: 'pass', detail: 'adaptive' },
      { name: 'count_tokens', status: 'pass', detail: '1 call' },
      { name: 'no errors', status: 'pass', detail: '3 requests' },
    ]);
    expect(row.notes).toEqual([]);
  });

  it('fails the tool task with the CLI’s own words when it did not answer', () => {
    const session = goodSession();
    session.runs = [{ ...run('first', ''), code: 1, stderr: 'API Error: 400 messages.0: bad' }];
    const row = evaluateClaudeCodeSession('9.9.9', session);
    expect(row.passed).toBe(false);
    expect(row.checks.find((item) => item.name === 'tool task')?.detail).toBe(
      'exit 1: API Error: 400 messages.0: bad',
    );
    expect(row.checks.find((item) => item.name === 'no errors')?.status).toBe('fail');
  });

  it('fails thinking when the CLI sent none, and when the signed block did not come back', () => {
    const unthinking = goodSession();
    for (const item of unthinking.exchanges) delete (item.body as { thinking?: unknown }).thinking;
    expect(statuses(unthinking).thinking).toBe('fail');
    const unsigned = goodSession();
    unsigned.exchanges[1] = exchange('/v1/messages', {
      ...(unsigned.exchanges[1]?.body as object),
      messages: [],
    });
    expect(statuses(unsigned).thinking).toBe('fail');
  });

  it('marks count_tokens as not applicable when the version makes none, and failed on an error', () => {
    const none = goodSession();
    none.exchanges = none.exchanges.slice(0, 2);
    expect(statuses(none).count_tokens).toBe('not-applicable');
    const refused = goodSession();
    refused.exchanges[2] = exchange('/v1/messages/count_tokens', { messages: [] }, 400, '{"type":"error"}');
    expect(statuses(refused)).toMatchObject({ count_tokens: 'fail', 'no errors': 'fail' });
  });

  it('fails streaming when a stream carries an error event', () => {
    const session = goodSession();
    const broken = session.exchanges[0]!;
    broken.responseText = 'event: message_start\ndata: {}\n\nevent: error\ndata: {}\n\n';
    expect(statuses(session).streaming).toBe('fail');
  });

  it('notes a turn that repeats a tool call', () => {
    const session = goodSession();
    const body = session.exchanges[1]!.body as { messages: unknown[] };
    body.messages = [...body.messages, ...body.messages.slice(1)];
    expect(evaluateClaudeCodeSession('9.9.9', session).notes).toEqual([
      expect.stringContaining('sends its tool call and result twice'),
    ]);
  });
});
