import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSse, postChat } from '../test/sse';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream';
import type { ChatCompletion } from './openai-wire';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const bashTool = {
  type: 'function',
  function: {
    name: 'Bash',
    description: 'Run a shell command',
    parameters: { type: 'object', properties: {} },
  },
};
const readTool = {
  type: 'function',
  function: { name: 'Read', parameters: { type: 'object', properties: {} } },
};

async function completionOf(body: Record<string, unknown>): Promise<ChatCompletion> {
  const response = await postChat(upstream.url, { model: 'claude-sonnet-test', ...body });
  expect(response.status).toBe(200);
  return (await response.json()) as ChatCompletion;
}

describe('default responder', () => {
  it('calls Bash for a command in backticks when the request offers Bash (streaming)', async () => {
    const response = await postChat(upstream.url, {
      model: 'claude-sonnet-test',
      stream: true,
      tools: [readTool, bashTool],
      messages: [
        { role: 'system', content: 'You are Claude Code. Use `tools` wisely.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>Files like `CLAUDE.md` exist.</system-reminder>' },
            { type: 'text', text: 'Run `echo hello-ccp` and tell me what it printed' },
          ],
        },
      ],
    });
    const { chunks, data } = parseSse(await response.text());
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]?.function.name).toBe('Bash');
    expect(deltas[0]?.id).toMatch(/^call_/);
    const args = JSON.parse(deltas.map((delta) => delta.function.arguments).join('')) as unknown;
    expect(args).toEqual({ command: 'echo hello-ccp', description: 'Print hello-ccp' });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('reports the tool output when the last message is a tool result', async () => {
    const body = await completionOf({
      tools: [bashTool],
      messages: [
        { role: 'user', content: 'Run `echo hello-ccp` and tell me what it printed' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '  hello-ccp\n' },
      ],
    });
    const text = body.choices[0]?.message.content ?? '';
    expect(text.startsWith('The command printed: hello-ccp')).toBe(true);
    expect(body.choices[0]?.finish_reason).toBe('stop');
  });

  it('still reports the tool output when a user message with reminders follows the tool result', async () => {
    const body = await completionOf({
      tools: [bashTool],
      messages: [
        { role: 'user', content: 'Run `echo hello-ccp` please' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'hello-ccp' }] },
        { role: 'user', content: '<system-reminder>Run `ls` maybe</system-reminder>' },
      ],
    });
    expect(body.choices[0]?.message.content).toMatch(/^The command printed: hello-ccp/);
    expect(body.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('greets and echoes the start of the last user text otherwise', async () => {
    const question = `What is the capital of France? ${'Please answer briefly. '.repeat(10)}`;
    const body = await completionOf({ max_tokens: 1, messages: [{ role: 'user', content: question }] });
    const text = body.choices[0]?.message.content ?? '';
    expect(text.startsWith('Hello from the fake upstream.')).toBe(true);
    expect(text).toContain('What is the capital of France?');
    expect(text.length).toBeLessThan('Hello from the fake upstream. You said: '.length + 81);
  });

  it('does not call Bash when the request offers no Bash tool', async () => {
    const body = await completionOf({
      tools: [readTool],
      messages: [{ role: 'user', content: 'Run `ls` now' }],
    });
    expect(body.choices[0]?.message.tool_calls).toBeUndefined();
    expect(body.choices[0]?.message.content).toMatch(/^Hello from the fake upstream\./);
  });

  it('answers JSON that fits the schema when response_format asks for it', async () => {
    const body = await completionOf({
      messages: [{ role: 'user', content: 'Give this session a title' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'title',
          schema: {
            type: 'object',
            properties: {
              title: { type: 'string' },
              words: { type: 'integer' },
              tags: { type: 'array', items: {} },
            },
            required: ['title', 'words', 'tags'],
          },
        },
      },
    });
    const parsed = JSON.parse(body.choices[0]?.message.content ?? '') as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['tags', 'title', 'words']);
    expect(typeof parsed.title).toBe('string');
    expect(Number.isInteger(parsed.words)).toBe(true);
  });

  it('answers a JSON object for json_object mode', async () => {
    const response = await postChat(upstream.url, {
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_object' },
    });
    const { chunks } = parseSse(await response.text());
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(JSON.parse(text)).toBeTypeOf('object');
  });

  it('finds the command when a reminder-only user message comes after the prompt', async () => {
    const body = await completionOf({
      tools: [bashTool],
      messages: [
        { role: 'user', content: 'Run `echo hello-ccp` and tell me what it printed' },
        { role: 'system', content: 'A system note in the middle of the conversation.' },
        { role: 'user', content: '<system-reminder>Today is Thursday.</system-reminder>' },
      ],
    });
    const call = body.choices[0]?.message.tool_calls?.[0];
    expect(call?.function.name).toBe('Bash');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({
      command: 'echo hello-ccp',
      description: 'Print hello-ccp',
    });
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');
    expect(body.choices[0]?.message.content).toBeNull();
  });
});
