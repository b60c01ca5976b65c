import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from './anthropic-api';
import { AnthropicApiError } from './anthropic-error';
import { parseAnthropicMessagesRequest } from './anthropic-request-schema';
import { convertAnthropicRequestToOpenAI } from './convert-to-openai-request';
import { findOpenAIConversationProblems } from './testing/check-openai-conversation';
import { restoreToolName } from './tool-names';

const firstTurn = parseAnthropicMessagesRequest(
  JSON.parse(readFileSync(new URL('./__fixtures__/claude-code-first-turn.json', import.meta.url), 'utf8')),
);

const toolTurns = parseAnthropicMessagesRequest(
  JSON.parse(readFileSync(new URL('./__fixtures__/claude-code-tool-turns.json', import.meta.url), 'utf8')),
);

function request(overrides: Partial<AnthropicMessagesRequest> = {}): AnthropicMessagesRequest {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'hi' }],
    ...overrides,
  };
}

describe('convertAnthropicRequestToOpenAI: the Claude Code first turn', () => {
  const {
    request: upstream,
    warnings,
    toolNames,
  } = convertAnthropicRequestToOpenAI(firstTurn, { model: 'gpt-4.1' });

  it('has a leading system message with the three system blocks', () => {
    const [system] = upstream.messages;
    expect(system?.role).toBe('system');
    expect(typeof system?.content).toBe('string');
    const text = system?.content as string;
    expect(text).not.toContain('x-anthropic-billing-header');
    expect(text).toContain(
      "You are Claude Code, Anthropic's official CLI for Claude.\n\nYou are an interactive CLI tool",
    );
  });

  it('keeps the mid-conversation system message in place', () => {
    expect(upstream.messages.map((message) => message.role)).toEqual(['system', 'user', 'system', 'user']);
  });

  it('sends the 25 tools as function tools with their schemas', () => {
    expect(upstream.tools).toHaveLength(25);
    const webFetch = upstream.tools?.find((tool) => tool.function.name === 'WebFetch');
    expect(webFetch?.function.parameters).toEqual(
      firstTurn.tools?.find((tool) => tool.name === 'WebFetch')?.input_schema,
    );
    expect(toolNames).toEqual({});
  });

  it('streams with usage, keeps max_tokens, hashes the long user id', () => {
    expect(upstream).toMatchObject({
      model: 'gpt-4.1',
      max_tokens: 64000,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(upstream.user).toMatch(/^user_[a-z0-9]{10}$/);
  });

  it('forwards nothing Anthropic-only', () => {
    const json = JSON.stringify(upstream);
    for (const field of [
      'cache_control',
      'context_management',
      'thinking',
      'output_config',
      'metadata',
      'anthropic',
    ]) {
      expect(json).not.toContain(`"${field}`);
    }
  });

  it('reports what it dropped', () => {
    expect(warnings.map((warning) => warning.field).sort()).toEqual(
      ['cache_control', 'context_management', 'metadata.user_id', 'system'].sort(),
    );
    expect(warnings.find((warning) => warning.field === 'cache_control')?.message).toContain('4 block(s)');
  });

  it('keeps cache breakpoints for OpenRouter anthropic models', () => {
    const converted = convertAnthropicRequestToOpenAI(firstTurn, {
      model: 'anthropic/claude-sonnet-4.5',
      keepCacheControl: true,
    });
    const system = converted.request.messages[0];
    expect(Array.isArray(system?.content)).toBe(true);
    expect(JSON.stringify(converted.request)).not.toContain('"ttl"');
    expect(JSON.stringify(converted.request)).not.toContain('"scope"');
    expect(JSON.stringify(converted.request.messages).match(/"cache_control"/g)).toHaveLength(4);
  });
});

describe('convertAnthropicRequestToOpenAI: parameters', () => {
  it('maps sampling and stop parameters', () => {
    const { request: upstream, warnings } = convertAnthropicRequestToOpenAI(
      request({ temperature: 0.2, top_p: 0.9, top_k: 40, stop_sequences: ['a', 'b', 'c', 'd', 'e', ''] }),
      { model: 'm' },
    );
    expect(upstream).toMatchObject({ temperature: 0.2, top_p: 0.9, stop: ['a', 'b', 'c', 'd'] });
    expect(upstream.top_k).toBeUndefined();
    expect(warnings.map((warning) => [warning.type, warning.field])).toEqual([
      ['dropped', 'top_k'],
      ['truncated', 'stop_sequences'],
    ]);
  });

  it('passes top_k where the upstream takes it', () => {
    const converted = convertAnthropicRequestToOpenAI(request({ top_k: 40 }), {
      model: 'm',
      supportsTopK: true,
    });
    expect(converted.request.top_k).toBe(40);
    expect(converted.warnings).toEqual([]);
  });

  it('is a minimal request by default', () => {
    expect(convertAnthropicRequestToOpenAI(request(), { model: 'qwen3' })).toEqual({
      request: { model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1024 },
      warnings: [],
      toolNames: {},
    });
  });

  it('lets the caller choose streaming', () => {
    expect(
      convertAnthropicRequestToOpenAI(request({ stream: true }), { model: 'm', stream: false }).request
        .stream,
    ).toBeUndefined();
    expect(
      convertAnthropicRequestToOpenAI(request(), { model: 'm', stream: true }).request.stream_options,
    ).toEqual({
      include_usage: true,
    });
  });

  it('passes a short user id as it is', () => {
    expect(
      convertAnthropicRequestToOpenAI(request({ metadata: { user_id: 'user-42' } }), { model: 'm' }).request
        .user,
    ).toBe('user-42');
  });

  it('maps a JSON output format to response_format through the schema hook', () => {
    const converted = convertAnthropicRequestToOpenAI(
      request({
        output_config: {
          effort: 'high',
          format: {
            type: 'json_schema',
            schema: { type: 'object', properties: { a: { type: 'string' } }, $schema: 'x' },
          },
        },
      }),
      {
        model: 'm',
        transformToolSchema: (schema) => {
          const { $schema: _dropped, ...rest } = schema;
          return rest;
        },
      },
    );
    expect(converted.request.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object', properties: { a: { type: 'string' } } } },
    });
    expect(converted.request.reasoning_effort).toBeUndefined();
  });

  it('warns about Anthropic-only features and leaves reasoning to the next layer', () => {
    const { request: upstream, warnings } = convertAnthropicRequestToOpenAI(
      request({
        thinking: { type: 'enabled', budget_tokens: 4096 },
        output_config: { effort: 'max' },
        context_management: { edits: [] },
        container: 'container_1',
        mcp_servers: [{ type: 'url', url: 'https://mcp', name: 'x' }],
        service_tier: 'auto',
      }),
      { model: 'm' },
    );
    expect(warnings.map((warning) => warning.field)).toEqual([
      'context_management',
      'container',
      'mcp_servers',
    ]);
    expect(Object.keys(upstream).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });

  it('sends tools, tool_choice and parallel_tool_calls, and maps long names both ways', () => {
    const longName = `mcp__${'server_'.repeat(10)}__search`;
    const { request: upstream, toolNames } = convertAnthropicRequestToOpenAI(
      request({
        tools: [
          { name: longName, description: 'Search', input_schema: { type: 'object', properties: {} } },
          { type: 'web_search_20250305', name: 'web_search' },
        ],
        tool_choice: { type: 'tool', name: longName, disable_parallel_tool_use: true },
      }),
      { model: 'm' },
    );
    const upstreamName = upstream.tools?.[0]?.function.name ?? '';
    expect(upstream.tools).toHaveLength(1);
    expect(upstream.tool_choice).toEqual({ type: 'function', function: { name: upstreamName } });
    expect(upstream.parallel_tool_calls).toBe(false);
    expect(restoreToolName(toolNames, upstreamName)).toBe(longName);
  });

  it('drops tool_choice when every tool was Anthropic-defined', () => {
    const { request: upstream } = convertAnthropicRequestToOpenAI(
      request({ tools: [{ type: 'bash_20250124', name: 'bash' }], tool_choice: { type: 'any' } }),
      { model: 'm' },
    );
    expect(upstream.tools).toBeUndefined();
    expect(upstream.tool_choice).toBeUndefined();
  });

  it('merges late system messages into the first when asked, creating it if needed', () => {
    const converted = convertAnthropicRequestToOpenAI(
      request({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'system', content: 'late rule' },
          { role: 'user', content: 'b' },
        ],
      }),
      { model: 'm', lateSystemMessages: 'merge-into-first', systemRole: 'developer' },
    );
    expect(converted.request.messages).toEqual([
      { role: 'developer', content: 'late rule' },
      { role: 'user', content: 'a\n\nb' },
    ]);
  });

  it('keeps a prefill as the last assistant message, with a warning', () => {
    const { request: upstream, warnings } = convertAnthropicRequestToOpenAI(
      request({
        messages: [
          { role: 'user', content: 'Give JSON' },
          { role: 'assistant', content: '{' },
        ],
      }),
      { model: 'm' },
    );
    expect(upstream.messages.at(-1)).toEqual({ role: 'assistant', content: '{' });
    expect(warnings).toEqual([
      { type: 'unsupported', field: 'messages.1', message: expect.stringContaining('prefill') },
    ]);
  });

  it('refuses a conversation that is empty once empty blocks are gone', () => {
    expect(() =>
      convertAnthropicRequestToOpenAI(
        request({ messages: [{ role: 'user', content: [{ type: 'text', text: ' ' }] }] }),
        {
          model: 'm',
        },
      ),
    ).toThrow(AnthropicApiError);
  });

  it('never produces empty content anywhere', () => {
    const { request: upstream } = convertAnthropicRequestToOpenAI(
      request({
        system: [{ type: 'text', text: '' }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: '' },
              { type: 'text', text: 'q' },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: '' },
              { type: 'tool_use', id: 't', name: 'X', input: {} },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't', content: [] },
              { type: 'text', text: '' },
            ],
          },
          { role: 'system', content: '' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: '', signature: '' },
              { type: 'text', text: 'done' },
            ],
          },
        ],
      }),
      { model: 'm' },
    );
    expect(upstream.messages).toEqual([
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't', type: 'function', function: { name: 'X', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 't', content: '(no output)' },
      { role: 'assistant', content: 'done' },
    ]);
  });
});

describe('convertAnthropicRequestToOpenAI: a Claude Code session with parallel tools, images and errors', () => {
  const { request: upstream, warnings } = convertAnthropicRequestToOpenAI(toolTurns, {
    model: 'deepseek-chat',
  });
  const conversation = upstream.messages.slice(1);

  it('is a conversation OpenAI accepts', () => {
    expect(findOpenAIConversationProblems(upstream.messages)).toEqual([]);
  });

  it('orders tool results by call, moves the screenshot after them, keeps errors', () => {
    expect(
      conversation.map((message) =>
        message.role === 'tool' ? `tool:${message.tool_call_id}` : message.role,
      ),
    ).toEqual([
      'user',
      'system',
      'user',
      'assistant',
      'tool:toolu_01A1',
      'tool:toolu_01A2',
      'tool:toolu_01A3',
      'user',
      'assistant',
      'tool:toolu_01B1',
      'assistant',
      'tool:toolu_01C1',
      'user',
    ]);
    expect(conversation[7]).toMatchObject({
      role: 'user',
      content: [
        { type: 'text', text: '[attachments from the result of tool call toolu_01A3]' },
        { type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) } },
        { type: 'text', text: expect.stringContaining('<system-reminder>') },
      ],
    });
    expect(conversation[9]).toMatchObject({
      content: expect.stringMatching(/^Error: <tool_use_error>File has been modified/),
    });
    expect(conversation[12]).toEqual({
      role: 'user',
      content: '[Request interrupted by user for tool use]\n\nactually, just explain the change',
    });
  });

  it('drops thinking by default and says so', () => {
    expect(JSON.stringify(upstream)).not.toContain('I should look at the request parser');
    expect(warnings.find((warning) => warning.message.includes('thinking'))?.message).toBe(
      '2 thinking block(s) from earlier turns dropped: this upstream takes no reasoning back',
    );
  });

  it('echoes thinking for DeepSeek on the turns with tool calls', () => {
    const converted = convertAnthropicRequestToOpenAI(toolTurns, {
      model: 'deepseek-reasoner',
      echoReasoning: (block) =>
        block.type === 'thinking' ? { reasoning_content: block.thinking } : undefined,
    });
    const assistants = converted.request.messages.filter((message) => message.role === 'assistant');
    expect(assistants[0]).toMatchObject({
      reasoning_content: 'I should look at the request parser first, then the tests.',
      content: "I'll look at the parser and its tests.",
    });
    expect(assistants[1]).not.toHaveProperty('reasoning_content');
  });

  it('with strict chat templates, sends the late system message as user text', () => {
    const converted = convertAnthropicRequestToOpenAI(toolTurns, {
      model: 'qwen3',
      lateSystemMessages: 'as-user',
    });
    expect(converted.request.messages.filter((message) => message.role === 'system')).toHaveLength(1);
    expect(converted.request.messages[0]?.role).toBe('system');
    expect(findOpenAIConversationProblems(converted.request.messages)).toEqual([]);
  });
});
