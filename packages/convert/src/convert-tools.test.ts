import { describe, expect, it } from 'vitest';
import type { AnthropicTool } from './anthropic-api';
import { convertToolChoice, convertTools } from './convert-tools';
import { convertAnthropicRequestToOpenAI } from './convert-to-openai-request';
import { createConversionContext, type RequestConversionOptions } from './request-conversion-options';

function context(options: Partial<RequestConversionOptions> = {}) {
  return createConversionContext({ model: 'm', ...options });
}

const readTool: AnthropicTool = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

describe('convertTools', () => {
  it('turns custom tools into function tools', () => {
    const state = context();
    expect(convertTools([readTool, { type: 'custom', name: 'Empty', input_schema: {} }], state)).toEqual([
      {
        type: 'function',
        function: { name: 'Read', description: 'Reads a file', parameters: readTool.input_schema },
      },
      { type: 'function', function: { name: 'Empty', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(state.warnings).toEqual([]);
  });

  it('drops Anthropic-defined tools, saying why', () => {
    const state = context();
    const tools = convertTools(
      [
        { type: 'bash_20250124', name: 'bash' },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' },
        readTool,
      ],
      state,
    );
    expect(tools.map((tool) => tool.function.name)).toEqual(['Read']);
    expect(state.warnings).toHaveLength(3);
    expect(state.warnings[0]).toEqual({
      type: 'dropped',
      field: 'tools.0',
      message: expect.stringContaining('"bash" (bash_20250124) dropped'),
    });
    expect(state.warnings[1]?.message).toContain('no equivalent');
  });

  it('shortens invalid names and records them', () => {
    const state = context();
    const long = `mcp__${'x'.repeat(70)}`;
    const [tool] = convertTools([{ name: long, input_schema: { type: 'object', properties: {} } }], state);
    expect(tool?.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(state.toolNames.map).toEqual({ [tool!.function.name]: long });
    expect(state.warnings[0]?.type).toBe('converted');
  });

  it('passes schemas through the dialect hook without touching the original', () => {
    const original = { type: 'object', $schema: 'x', properties: { url: { type: 'string', format: 'uri' } } };
    const state = context({
      transformToolSchema: (schema) => {
        const { $schema: _ignored, ...rest } = schema;
        return rest;
      },
    });
    const [tool] = convertTools([{ name: 'Fetch', input_schema: original }], state);
    expect(tool?.function.parameters).toEqual({
      type: 'object',
      properties: { url: { type: 'string', format: 'uri' } },
    });
    expect(original.$schema).toBe('x');
  });

  it('counts cache_control on tools as dropped', () => {
    const state = context();
    convertTools([{ ...readTool, cache_control: { type: 'ephemeral', ttl: '1h' } }], state);
    expect(state.counts.cacheControlDropped).toBe(1);
  });
});

describe('convertToolChoice', () => {
  const tools = convertTools([readTool], context());

  it.each([
    [{ type: 'auto' }, { tool_choice: 'auto' }],
    [{ type: 'any' }, { tool_choice: 'required' }],
    [{ type: 'none' }, { tool_choice: 'none' }],
    [{ type: 'tool', name: 'Read' }, { tool_choice: { type: 'function', function: { name: 'Read' } } }],
    [
      { type: 'auto', disable_parallel_tool_use: true },
      { tool_choice: 'auto', parallel_tool_calls: false },
    ],
    [
      { type: 'any', disable_parallel_tool_use: true },
      { tool_choice: 'required', parallel_tool_calls: false },
    ],
    [{ type: 'auto', disable_parallel_tool_use: false }, { tool_choice: 'auto' }],
  ] as const)('%j → %j', (choice, expected) => {
    expect(convertToolChoice(choice, tools, context())).toEqual(expected);
  });

  it('uses the shortened name for a forced tool', () => {
    const state = context();
    const long = `mcp__${'y'.repeat(70)}`;
    const converted = convertTools([{ name: long, input_schema: { type: 'object' } }], state);
    expect(convertToolChoice({ type: 'tool', name: long }, converted, state)).toEqual({
      tool_choice: { type: 'function', function: { name: converted[0]!.function.name } },
    });
  });

  it('falls back to required when the forced tool was not sent', () => {
    const state = context();
    expect(convertToolChoice({ type: 'tool', name: 'bash' }, tools, state)).toEqual({
      tool_choice: 'required',
    });
    expect(state.warnings[0]?.field).toBe('tool_choice.name');
  });

  it('sends nothing without tools', () => {
    const state = context();
    expect(convertToolChoice({ type: 'any', disable_parallel_tool_use: true }, [], state)).toEqual({});
    expect(state.warnings[0]?.type).toBe('dropped');
    expect(convertToolChoice(undefined, tools, state)).toEqual({});
  });
});

describe('deferred tools', () => {
  it('leaves out tools marked defer_loading, with a warning', () => {
    const { request, warnings } = convertAnthropicRequestToOpenAI(
      {
        model: 'claude-opus-4-8',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
        tools: [
          { name: 'Bash', input_schema: { type: 'object', properties: {} } },
          { name: 'DeferredToolPlaceholder', input_schema: { type: 'object' }, defer_loading: true },
        ],
      },
      { model: 'gpt-4o' },
    );
    expect(request.tools?.map((tool) => tool.function.name)).toEqual(['Bash']);
    expect(warnings.some((warning) => warning.message.includes('defer_loading'))).toBe(true);
  });
});
