import { describe, expect, it } from 'vitest';
import {
  buildClaudeCodeFixture,
  expandClaudeCodeFixture,
  type MachineDetails,
  scrubCaptureText,
  storeClaudeCodeFixture,
} from './claude-code-fixture';
import type { RecordedExchange } from './recording-forwarder';

const machine: MachineDetails = {
  replacements: [
    ['/tmp/ccp-compat-work-Ab12Cd', '/tmp/work'],
    ['/home/alice', '/home/user'],
    ['alice-laptop', 'host'],
  ],
  today: new Date(2026, 11, 4),
};

const bash = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } };
const system = [{ type: 'text', text: 'Working directory: /tmp/ccp-compat-work-Ab12Cd on alice-laptop' }];

function exchange(path: string, body: Record<string, unknown>): RecordedExchange {
  return {
    method: 'POST',
    path,
    headers: {
      'x-api-key': 'secret-key',
      'anthropic-beta': 'claude-code-20250219',
      'user-agent': 'claude-cli/9.9.9',
    },
    body,
    status: 200,
    responseText: '',
  };
}

const firstTurn = exchange('/v1/messages?beta=true', {
  model: 'claude-sonnet-4-6',
  system,
  tools: [bash],
  metadata: { user_id: 'session_0f8fad5b-d9cb-469f-a165-70867728950e' },
  messages: [{ role: 'user', content: "Run `echo compat-ok`. Today's date is 2026-12-04 (12/4/2026)." }],
});
const toolTurn = exchange('/v1/messages?beta=true', {
  model: 'claude-sonnet-4-6',
  system,
  tools: [bash],
  messages: [
    { role: 'user', content: 'Run `echo compat-ok`' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'call_9c31a48c1x1', name: 'Bash', input: {} }] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'call_9c31a48c1x1', content: 'compat-ok' }],
    },
  ],
});

describe('scrubCaptureText', () => {
  it('replaces this machine’s paths, dates, ports and ids with stable stand-ins', () => {
    const text = scrubCaptureText(
      [
        'cwd /tmp/ccp-compat-work-Ab12Cd, home /home/alice/.claude, host alice-laptop',
        'other run /tmp/ccp-compat-home-Zz9 and project -tmp-ccp-compat-work-Qq1',
        "Today's date is 2026-12-04 or 12/4/2026, OS Version: Linux 6.18.44-fc",
        'url http://127.0.0.1:41243/v1, device 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        'user user_5f162d21d35f18e35f832759d5d7525e2e383ea7494dd453b32d8787bd0766d2_account',
        'session 0f8fad5b-d9cb-469f-a165-70867728950e again 0f8fad5b-d9cb-469f-a165-70867728950e',
        'ids call_abc1x1 toolu_01XyZ call_abc1x1',
      ].join('\n'),
      machine,
    );
    expect(text).toBe(
      [
        'cwd /tmp/work, home /home/user/.claude, host host',
        'other run /home/user and project -tmp-work',
        "Today's date is 2025-01-01 or 1/1/2025, OS Version: Linux 6.1.0",
        `url http://127.0.0.1:8082/v1, device ${'0'.repeat(64)}`,
        `user user_${'0'.repeat(64)}_account`,
        'session 00000000-0000-4000-8000-000000000001 again 00000000-0000-4000-8000-000000000001',
        'ids toolu_compat_01 toolu_compat_02 toolu_compat_01',
      ].join('\n'),
    );
  });

  it('ignores replacements too short to be safe', () => {
    expect(
      scrubCaptureText('vm is a host', { replacements: [['vm', 'host']], today: new Date(2020, 0, 1) }),
    ).toBe('vm is a host');
  });
});

describe('buildClaudeCodeFixture', () => {
  it('keeps the first main turn and the tool-result turn, with only the identifying headers', () => {
    const background = exchange('/v1/messages', { model: 'claude-haiku-4-5', messages: [] });
    const fixture = buildClaudeCodeFixture('9.9.9', [background, firstTurn, toolTurn], machine);
    expect(fixture?.firstTurn.body.messages).toEqual([
      { role: 'user', content: "Run `echo compat-ok`. Today's date is 2025-01-01 (1/1/2025)." },
    ]);
    expect(fixture?.firstTurn.headers).toEqual({
      'anthropic-beta': 'claude-code-20250219',
      'user-agent': 'claude-cli/9.9.9',
    });
    expect(JSON.stringify(fixture)).not.toMatch(/secret-key|alice|ccp-compat-work|0f8fad5b/);
    expect(JSON.stringify(fixture?.toolTurn.body.messages)).toContain('"tool_use_id":"toolu_compat_01"');
    expect(fixture?.countTokens).toBeUndefined();
  });

  it('keeps the count_tokens body with the most tools', () => {
    const small = exchange('/v1/messages/count_tokens?beta=true', { model: 'm', messages: [] });
    const large = exchange('/v1/messages/count_tokens?beta=true', {
      model: 'm',
      messages: [],
      tools: [bash],
    });
    const fixture = buildClaudeCodeFixture('9.9.9', [firstTurn, small, large, toolTurn], machine);
    expect(fixture?.countTokens?.body.tools).toHaveLength(1);
  });

  it('gives nothing when no turn carried a tool result', () => {
    expect(buildClaudeCodeFixture('9.9.9', [firstTurn], machine)).toBeUndefined();
  });
});

describe('storing a fixture', () => {
  it('names the tool turn’s system and tools instead of repeating them, and expands back to the same', () => {
    const fixture = buildClaudeCodeFixture('9.9.9', [firstTurn, toolTurn], machine)!;
    const stored = storeClaudeCodeFixture(fixture);
    expect(stored.toolTurn.sameAsFirstTurn).toEqual(['system', 'tools']);
    expect(stored.toolTurn.body).not.toHaveProperty('tools');
    expect(expandClaudeCodeFixture(JSON.parse(JSON.stringify(stored)))).toEqual(fixture);
  });

  it('keeps a tool turn field that differs from the first turn', () => {
    const fixture = buildClaudeCodeFixture('9.9.9', [firstTurn, toolTurn], machine)!;
    fixture.toolTurn.body.tools = [];
    const stored = storeClaudeCodeFixture(fixture);
    expect(stored.toolTurn.sameAsFirstTurn).toEqual(['system']);
    expect(expandClaudeCodeFixture(stored).toolTurn.body.tools).toEqual([]);
  });
});
