import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnthropicApiError } from './anthropic-error';
import { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './anthropic-request-schema';

const firstTurn: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('./__fixtures__/claude-code-first-turn.json', import.meta.url), 'utf8'),
);

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'hi' }],
    ...overrides,
  };
}

function rejection(
  body: unknown,
  parse: (body: unknown) => unknown = parseAnthropicMessagesRequest,
): AnthropicApiError {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof AnthropicApiError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseAnthropicMessagesRequest: accepts what Claude Code sends', () => {
  it('accepts the captured first turn and keeps every field', () => {
    const request = parseAnthropicMessagesRequest(firstTurn);
    expect(request).toEqual(firstTurn);
    expect(request.tools).toHaveLength(25);
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'system', 'user']);
  });

  it.each([
    ['adaptive thinking with display', { thinking: { type: 'adaptive', display: 'summarized' } }],
    ['enabled thinking', { thinking: { type: 'enabled', budget_tokens: 31999 } }],
    ['disabled thinking', { thinking: { type: 'disabled' } }],
    ['every effort', { output_config: { effort: 'xhigh' } }],
    ['max effort', { output_config: { effort: 'max' } }],
    [
      'json schema output format',
      { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } } },
    ],
    ['context management', { context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] } }],
    ['unknown top-level fields', { speed: 'fast', diagnostics: { previous_message_id: 'msg_1' } }],
    ['metadata with a JSON user id', { metadata: { user_id: '{"device_id":"abc","session_id":"s"}' } }],
    ['null user id', { metadata: { user_id: null } }],
    ['system as a string', { system: 'be brief' }],
    [
      'system blocks with cache_control sub-fields',
      {
        system: [
          { type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '1h', scope: 'global' } },
        ],
      },
    ],
    [
      'Anthropic-defined tools',
      {
        tools: [
          { type: 'bash_20250124', name: 'bash' },
          { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
          { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' },
          { type: 'mcp_toolset', mcp_server_name: 'github' },
          { type: 'custom', name: 'x', input_schema: { type: 'object' } },
          {
            name: 'y',
            input_schema: { type: 'object' },
            cache_control: { type: 'ephemeral', ttl: '5m' },
            strict: true,
          },
        ],
      },
    ],
    ['tool_choice any with parallel off', { tool_choice: { type: 'any', disable_parallel_tool_use: true } }],
    ['tool_choice tool', { tool_choice: { type: 'tool', name: 'Bash' } }],
    ['tool_choice none', { tool_choice: { type: 'none' } }],
    ['sampling parameters', { temperature: 1, top_p: 0.9, top_k: 40, stop_sequences: ['\n\nHuman:'] }],
    ['service tier', { service_tier: 'auto' }],
  ])('accepts %s', (_name, overrides) => {
    const body = minimal(overrides);
    expect(parseAnthropicMessagesRequest(body)).toEqual(body);
  });

  it('accepts every content block type, unknown block fields and odd tool ids', () => {
    const body = minimal({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '', cache_control: { type: 'ephemeral', ttl: '1h' }, citations: null },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'image', source: { type: 'file', file_id: 'file_1' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
              title: 'a.pdf',
            },
            {
              type: 'document',
              source: { type: 'text', media_type: 'text/plain', data: 'notes' },
              context: null,
            },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'chunk' }] } },
            {
              type: 'search_result',
              source: 'https://x',
              title: 't',
              content: [{ type: 'text', text: 'r' }],
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'calling' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            {
              type: 'tool_use',
              id: 'call:1/odd id',
              name: 'Read',
              input: { file_path: '/a' },
              caller: { type: 'direct' },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'call:1/odd id',
              is_error: false,
              content: [
                { type: 'text', text: 'file body' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
              ],
            },
            { type: 'tool_result', tool_use_id: 'x', content: 'plain' },
            { type: 'tool_result', tool_use_id: 'y' },
            { type: 'code_execution_tool_result', tool_use_id: 'z', content: {} },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'mcp_tool_use', id: 'm', name: 'n', server_name: 's', input: {} }],
        },
      ],
    });
    expect(parseAnthropicMessagesRequest(body)).toEqual(body);
  });
});

describe('parseAnthropicMessagesRequest: rejects malformed bodies naming the field', () => {
  it.each([
    [
      'missing max_tokens',
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      'max_tokens: Field required',
    ],
    ['missing model', { max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, 'model: Field required'],
    ['empty model', minimal({ model: '' }), 'model: String should have at least 1 character'],
    ['missing messages', { model: 'm', max_tokens: 5 }, 'messages: Field required'],
    ['empty messages', minimal({ messages: [] }), 'messages: at least one message is required'],
    ['messages not a list', minimal({ messages: 'hi' }), 'messages: Input should be a valid list'],
    ['max_tokens a string', minimal({ max_tokens: '100' }), 'max_tokens: Input should be a valid number'],
    ['max_tokens a fraction', minimal({ max_tokens: 1.5 }), 'max_tokens: Input should be a valid integer'],
    [
      'max_tokens negative',
      minimal({ max_tokens: -1 }),
      'max_tokens: Input should be greater than or equal to 1',
    ],
    [
      'max_tokens zero',
      minimal({ max_tokens: 0 }),
      'max_tokens: Input should be greater than or equal to 1 (max_tokens 0',
    ],
    [
      'unknown role',
      minimal({ messages: [{ role: 'tool', content: 'x' }] }),
      "messages.0.role: Input should be 'user', 'assistant' or 'system', not \"tool\"",
    ],
    ['missing role', minimal({ messages: [{ content: 'x' }] }), 'messages.0.role: Field required'],
    ['missing content', minimal({ messages: [{ role: 'user' }] }), 'messages.0.content: Field required'],
    [
      'content a number',
      minimal({ messages: [{ role: 'user', content: 5 }] }),
      'messages.0.content: Input should be a valid string or a list of content blocks',
    ],
    [
      'unknown block type',
      minimal({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'foo' }] }] }),
      `messages.0.content.1.type: Input tag "foo" found using 'type' does not match any of the expected tags: 'text', 'image'`,
    ],
    [
      'block without type',
      minimal({ messages: [{ role: 'user', content: [{ text: 'a' }] }] }),
      'messages.0.content.0.type: Field required',
    ],
    [
      'block that is a string',
      minimal({ messages: [{ role: 'user', content: ['hello'] }] }),
      'messages.0.content.0: Input should be a valid dictionary',
    ],
    [
      'text block with a number',
      minimal({ messages: [{ role: 'user', content: [{ type: 'text', text: 3 }] }] }),
      'messages.0.content.0.text: Input should be a valid string',
    ],
    [
      'image with an unknown source',
      minimal({
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'path', path: '/x' } }] }],
      }),
      `messages.0.content.0.source.type: Input tag "path" found using 'type'`,
    ],
    [
      'base64 image without data',
      minimal({
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }] },
        ],
      }),
      'messages.0.content.0.source.data: Field required',
    ],
    [
      'tool_use without id',
      minimal({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', name: 'x', input: {} }] }] }),
      'messages.0.content.0.id: Field required',
    ],
    [
      'tool_use input a string',
      minimal({
        messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'x', input: '{}' }] }],
      }),
      'messages.0.content.0.input: Input should be a valid dictionary',
    ],
    [
      'tool_result with a bad nested block',
      minimal({
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: null }] }],
          },
        ],
      }),
      'messages.0.content.0.content.0.text: Input should be a valid string',
    ],
    [
      'is_error not boolean',
      minimal({
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', is_error: 'yes' }] }],
      }),
      'messages.0.content.0.is_error: Input should be a valid boolean',
    ],
    [
      'system message holding an image',
      minimal({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://x' } }] },
        ],
      }),
      'messages.1.content.0.type: Input should be \'text\', not "image"',
    ],
    [
      'system a number',
      minimal({ system: 7 }),
      'system: Input should be a valid string or a list of content blocks',
    ],
    [
      'system block not text',
      minimal({ system: [{ type: 'image', source: {} }] }),
      'system.0.type: Input should be \'text\', not "image"',
    ],
    [
      'thinking enabled without budget',
      minimal({ thinking: { type: 'enabled' } }),
      'thinking.budget_tokens: Field required',
    ],
    [
      'thinking of unknown type',
      minimal({ thinking: { type: 'sometimes' } }),
      `thinking.type: Input tag "sometimes" found using 'type' does not match any of the expected tags: 'enabled', 'adaptive', 'disabled'`,
    ],
    [
      'unknown effort',
      minimal({ output_config: { effort: 'extreme' } }),
      "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max', not \"extreme\"",
    ],
    [
      'custom tool without input_schema',
      minimal({ tools: [{ name: 'x', description: 'y' }] }),
      'tools.0.input_schema: Field required',
    ],
    ['custom tool without name', minimal({ tools: [{ input_schema: {} }] }), 'tools.0.name: Field required'],
    [
      'tool_choice unknown',
      minimal({ tool_choice: { type: 'required' } }),
      `tool_choice.type: Input tag "required" found using 'type'`,
    ],
    [
      'tool_choice tool without name',
      minimal({ tool_choice: { type: 'tool' } }),
      'tool_choice.name: Field required',
    ],
    ['stream not boolean', minimal({ stream: 'yes' }), 'stream: Input should be a valid boolean'],
    [
      'stop_sequences a string',
      minimal({ stop_sequences: 'END' }),
      'stop_sequences: Input should be a valid list',
    ],
    [
      'temperature negative',
      minimal({ temperature: -1 }),
      'temperature: Input should be greater than or equal to 0',
    ],
    [
      'temperature far above 1',
      minimal({ temperature: 1e9 }),
      'temperature: Input should be less than or equal to 1',
    ],
    ['temperature above 1', minimal({ temperature: 1.5 }), 'temperature: Input should be less than or equal to 1'],
    ['top_k negative', minimal({ top_k: -1 }), 'top_k: Input should be greater than or equal to 0'],
    ['top_k fractional', minimal({ top_k: 1.5 }), 'top_k: Input should be a valid integer'],
    ['top_p above 1', minimal({ top_p: 2 }), 'top_p: Input should be less than or equal to 1'],
    [
      'metadata user id a number',
      minimal({ metadata: { user_id: 5 } }),
      'metadata.user_id: Input should be a valid string',
    ],
    ['body an array', [], 'request body: Input should be a valid dictionary'],
    ['body null', null, 'request body: Input should be a valid dictionary'],
  ])('rejects %s', (_name, body, expected) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.errorType).toBe('invalid_request_error');
    expect(error.message.slice(0, expected.length)).toBe(expected);
  });

  it('lists the first three problems and counts the rest', () => {
    const error = rejection({ messages: [], max_tokens: 'x', stream: 1, top_k: 'a', temperature: 'b' });
    expect(error.message).toBe(
      'model: Field required; max_tokens: Input should be a valid number; messages: at least one message is required (and 3 more)',
    );
  });

  it('renders the Anthropic envelope', () => {
    expect(rejection(minimal({ messages: [] })).toBody()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages: at least one message is required' },
    });
  });
});

describe('parseAnthropicCountTokensRequest', () => {
  it('needs no max_tokens', () => {
    const body = {
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'hi' }],
      tools: firstTurn.tools,
    };
    expect(parseAnthropicCountTokensRequest(body)).toEqual(body);
  });

  it('accepts the first turn as it is', () => {
    expect(parseAnthropicCountTokensRequest(firstTurn).messages).toHaveLength(3);
  });

  it('still validates messages', () => {
    expect(
      rejection({ model: 'm', messages: [{ role: 'user', content: [{}] }] }, parseAnthropicCountTokensRequest)
        .message,
    ).toMatch(/^messages\.0\.content\.0\.type: Field required/);
  });
});
