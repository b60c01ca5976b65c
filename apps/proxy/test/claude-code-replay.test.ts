import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AnthropicMessage,
  type AnthropicStreamEvent,
  collectAnthropicMessage,
  convertAnthropicRequestToOpenAI,
  parseAnthropicCountTokensRequest,
  parseAnthropicMessagesRequest,
} from '@ccp/convert';
import { findOpenAIConversationProblems } from '@ccp/convert/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CapturedRequest,
  type ClaudeCodeFixture,
  expandClaudeCodeFixture,
  type StoredClaudeCodeFixture,
} from '../compat/claude-code-fixture';
import { checkProxyStream, parseSse } from './support/anthropic-wire';
import { type Stack, startStack } from './support/start-stack';

// What each Claude Code version of the compatibility matrix sent, captured by `pnpm compat`:
// replayed here so a change that breaks an older version's request shape fails without the CLI.
const compatDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', 'compat');
const fixtureDirectory = join(compatDirectory, '__fixtures__');
const fixtures: ClaudeCodeFixture[] = readdirSync(fixtureDirectory)
  .filter((name) => /^claude-code-.+\.json$/.test(name))
  .map((name) =>
    expandClaudeCodeFixture(
      JSON.parse(readFileSync(join(fixtureDirectory, name), 'utf8')) as StoredClaudeCodeFixture,
    ),
  );
const listedVersions = Object.keys(
  JSON.parse(readFileSync(join(compatDirectory, 'claude-code-versions.json'), 'utf8')) as Record<
    string,
    string
  >,
);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

async function* eventsOf(text: string): AsyncGenerator<AnthropicStreamEvent> {
  for (const event of parseSse(text)) yield event.data as AnthropicStreamEvent;
}

/** Sends a captured request to ccp as the CLI sent it and returns the answer, checked and assembled. */
async function replay(captured: CapturedRequest): Promise<AnthropicMessage> {
  const response = await fetch(`${stack.proxy.url}${captured.path}`, {
    method: 'POST',
    headers: { ...captured.headers, 'content-type': 'application/json', 'x-api-key': 'replay-key' },
    body: JSON.stringify(captured.body),
  });
  const text = await response.text();
  expect(response.status, text.slice(0, 500)).toBe(200);
  if (captured.body.stream !== true) return JSON.parse(text) as AnthropicMessage;
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  checkProxyStream(
    parseSse(text).map((event) => event.data as AnthropicStreamEvent),
    true,
  );
  return collectAnthropicMessage(eventsOf(text));
}

function textOf(message: AnthropicMessage): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe('the Claude Code replay fixtures', () => {
  it('hold every version of the compatibility matrix', () => {
    expect(listedVersions.length).toBeGreaterThan(0);
    const captured = fixtures.map((fixture) => fixture.version);
    for (const version of listedVersions)
      expect(captured, `run pnpm compat --only ${version}`).toContain(version);
  });
});

for (const fixture of fixtures) {
  describe(`Claude Code ${fixture.version}, replayed`, () => {
    it('passes the request schema with every captured body', () => {
      expect(() => parseAnthropicMessagesRequest(fixture.firstTurn.body)).not.toThrow();
      expect(() => parseAnthropicMessagesRequest(fixture.toolTurn.body)).not.toThrow();
      if (fixture.countTokens)
        expect(() => parseAnthropicCountTokensRequest(fixture.countTokens?.body)).not.toThrow();
    });

    it('converts the first turn: the tools offered and the prompt as user text', () => {
      const { request } = convertAnthropicRequestToOpenAI(
        parseAnthropicMessagesRequest(fixture.firstTurn.body),
        {
          model: 'middle-model',
        },
      );
      expect(findOpenAIConversationProblems(request.messages)).toEqual([]);
      expect(request.tools?.map((tool) => tool.function.name)).toContain('Bash');
      const userText = JSON.stringify(request.messages.filter((message) => message.role === 'user'));
      expect(userText).toContain('Run `echo compat-ok` and tell me what it printed');
      expect(request.stream === true).toBe(fixture.firstTurn.body.stream === true);
    });

    it('converts the tool turn: the Bash call, then its output as a tool message', () => {
      const { request } = convertAnthropicRequestToOpenAI(
        parseAnthropicMessagesRequest(fixture.toolTurn.body),
        {
          model: 'middle-model',
        },
      );
      expect(findOpenAIConversationProblems(request.messages)).toEqual([]);
      const toolIndex = request.messages.findIndex(
        (message) => message.role === 'tool' && JSON.stringify(message.content).includes('compat-ok'),
      );
      expect(toolIndex).toBeGreaterThan(0);
      const toolMessage = request.messages[toolIndex];
      const call = request.messages[toolIndex - 1];
      expect(call?.role).toBe('assistant');
      const toolCalls = call?.role === 'assistant' ? (call.tool_calls ?? []) : [];
      expect(toolCalls.map((toolCall) => toolCall.function.name)).toEqual(['Bash']);
      expect(JSON.parse(toolCalls[0]?.function.arguments ?? '{}')).toMatchObject({
        command: 'echo compat-ok',
      });
      expect(toolMessage?.role === 'tool' ? toolMessage.tool_call_id : undefined).toBe(toolCalls[0]?.id);
    });

    it('gets the Bash call back from ccp for its first turn', async () => {
      const message = await replay(fixture.firstTurn);
      expect(message.stop_reason).toBe('tool_use');
      const toolUse = message.content.find((block) => block.type === 'tool_use');
      expect(toolUse).toMatchObject({ type: 'tool_use', name: 'Bash', input: { command: 'echo compat-ok' } });
    });

    it('gets the answer from ccp for its tool turn', async () => {
      const message = await replay(fixture.toolTurn);
      expect(message.stop_reason).toBe('end_turn');
      expect(textOf(message)).toContain('The command printed: compat-ok');
    });

    it.runIf(fixture.countTokens !== undefined)(
      'gets a token count from ccp for its count_tokens body',
      async () => {
        const captured = fixture.countTokens!;
        const response = await fetch(`${stack.proxy.url}${captured.path}`, {
          method: 'POST',
          headers: { ...captured.headers, 'content-type': 'application/json', 'x-api-key': 'replay-key' },
          body: JSON.stringify(captured.body),
        });
        expect(response.status).toBe(200);
        const counted = (await response.json()) as { input_tokens: number };
        expect(counted.input_tokens).toBeGreaterThan(0);
      },
    );
  });
}
