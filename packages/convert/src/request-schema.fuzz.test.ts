import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from './anthropic-api';
import { AnthropicApiError, isAnthropicApiError } from './anthropic-error';
import { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './anthropic-request-schema';
import { convertAnthropicRequestToOpenAI } from './convert-to-openai-request';
import { countAnthropicRequestTokens } from './estimate-tokens';
import { findOpenAIConversationProblems } from './testing/check-openai-conversation';

// Property-based checks of the front door: whatever JSON a client sends, validation either
// accepts it or answers 400 in Anthropic's envelope, and whatever it accepts converts into a
// conversation an OpenAI-compatible server takes.

const STACK_FRAME = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)/;

/** Runs `parse` and classifies the outcome; anything but a return or a 400 fails the property. */
function parseOutcome(
  parse: (body: unknown) => unknown,
  body: unknown,
): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(body) };
  } catch (error) {
    if (!isAnthropicApiError(error)) {
      throw new Error(`validation threw ${describeError(error)} instead of an AnthropicApiError`);
    }
    expect(error).toBeInstanceOf(AnthropicApiError);
    expect(error.status).toBe(400);
    expect(error.errorType).toBe('invalid_request_error');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(STACK_FRAME);
    expect(error.toBody()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: error.message },
    });
    return { ok: false };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}`;
  return String(error);
}

/** Converts an accepted request; only a 400 AnthropicApiError (every message empty) may be thrown. */
function convertAccepted(request: AnthropicMessagesRequest): void {
  let result: ReturnType<typeof convertAnthropicRequestToOpenAI>;
  try {
    result = convertAnthropicRequestToOpenAI(request, {
      model: 'upstream-model',
      lateSystemMessages: 'keep',
    });
  } catch (error) {
    if (isAnthropicApiError(error) && error.status === 400) {
      expect(error.message).not.toMatch(STACK_FRAME);
      return;
    }
    throw new Error(`conversion of an accepted request threw ${describeError(error)}`);
  }
  expect(findOpenAIConversationProblems(result.request.messages)).toEqual([]);
  for (const message of result.request.messages) {
    if (message.role === 'tool') expect(message.content.length).toBeGreaterThan(0);
  }
  // The body goes upstream as JSON: it must serialise.
  expect(() => JSON.stringify(result.request)).not.toThrow();
  expect(Number.isFinite(countAnthropicRequestTokens(request))).toBe(true);
}

// --- arbitraries -------------------------------------------------------------------------

/** Strings with the awkward parts of unicode: lone surrogates, astral characters, controls. */
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.constantFrom(
          '\uD800',
          '\uDFFF',
          '\uD83D',
          '\u0000',
          '\u202E',
          '\uFEFF',
          '🎉',
          '中',
          ' ',
          '\n',
          'a',
        ),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\t ', 'toolu_01', 'a'.repeat(70)) },
);

const toolId = fc.oneof(
  fc.constantFrom('toolu_01', 'toolu_02', 'call_1', 'id with spaces', '', 'ü-id'),
  nastyString,
);
const toolName = fc.oneof(
  fc.constantFrom(
    'get_weather',
    'Bash',
    'mcp__server__a_very_long_tool_name_that_goes_beyond_the_sixty_four_limit_of_openai',
    'x',
  ),
  nastyString,
);

const cacheControl = fc.option(
  fc.oneof(
    fc.constant({ type: 'ephemeral' }),
    fc.record({ type: fc.constant('ephemeral'), ttl: fc.constantFrom('5m', '1h') }),
  ),
  { nil: undefined },
);

const textBlock = fc.record(
  { type: fc.constant('text'), text: nastyString, cache_control: cacheControl },
  { requiredKeys: ['type', 'text'] },
);

const imageBlock = fc.record({
  type: fc.constant('image'),
  source: fc.oneof(
    fc.record({
      type: fc.constant('base64'),
      media_type: fc.constantFrom('image/png', 'image/jpeg', 'text/plain', ''),
      data: fc.base64String({ maxLength: 40 }),
    }),
    fc.record({ type: fc.constant('url'), url: fc.oneof(fc.webUrl(), nastyString) }),
    fc.record({ type: fc.constant('file'), file_id: nastyString }),
  ),
});

const documentBlock = fc.record(
  {
    type: fc.constant('document'),
    source: fc.oneof(
      fc.record({
        type: fc.constant('base64'),
        media_type: fc.constant('application/pdf'),
        data: fc.base64String({ maxLength: 40 }),
      }),
      fc.record({ type: fc.constant('text'), media_type: fc.constant('text/plain'), data: nastyString }),
      fc.record({ type: fc.constant('url'), url: fc.webUrl() }),
      fc.record({
        type: fc.constant('content'),
        content: fc.oneof(nastyString, fc.array(textBlock, { maxLength: 3 })),
      }),
    ),
    title: fc.option(nastyString, { nil: undefined }),
  },
  { requiredKeys: ['type', 'source'] },
);

const jsonObject = fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

const toolUseBlock = fc.record({
  type: fc.constant('tool_use'),
  id: toolId,
  name: toolName,
  input: jsonObject,
});

const thinkingBlock = fc.oneof(
  fc.record(
    {
      type: fc.constant('thinking'),
      thinking: nastyString,
      signature: fc.option(nastyString, { nil: undefined }),
    },
    { requiredKeys: ['type', 'thinking'] },
  ),
  fc.record({ type: fc.constant('redacted_thinking'), data: nastyString }),
);

const toolResultBlock = fc.record(
  {
    type: fc.constant('tool_result'),
    tool_use_id: toolId,
    content: fc.option(fc.oneof(nastyString, fc.array(fc.oneof(textBlock, imageBlock), { maxLength: 3 })), {
      nil: undefined,
    }),
    is_error: fc.option(fc.boolean(), { nil: undefined }),
  },
  { requiredKeys: ['type', 'tool_use_id'] },
);

const carriedBlock = fc.record({
  type: fc.constantFrom(
    'server_tool_use',
    'web_search_tool_result',
    'mcp_tool_use',
    'compaction',
    'code_execution_tool_result',
  ),
  id: toolId,
});

/** Blocks that are almost right: unknown types, missing or mistyped fields. */
const brokenBlock = fc.oneof(
  fc.record({ type: nastyString }),
  fc.record({
    type: fc.constant('text'),
    text: fc.oneof(fc.integer(), fc.constant(null), fc.array(nastyString, { maxLength: 2 })),
  }),
  fc.record({ type: fc.constant('tool_use'), id: fc.integer(), name: toolName }),
  fc.record({ type: fc.constant('tool_result') }),
  fc.jsonValue({ maxDepth: 2 }),
);

const validBlock = fc.oneof(
  { weight: 5, arbitrary: textBlock },
  { weight: 1, arbitrary: imageBlock },
  { weight: 1, arbitrary: documentBlock },
  { weight: 3, arbitrary: toolUseBlock },
  { weight: 3, arbitrary: toolResultBlock },
  { weight: 2, arbitrary: thinkingBlock },
  { weight: 1, arbitrary: carriedBlock },
);

const block = fc.oneof({ weight: 30, arbitrary: validBlock }, { weight: 1, arbitrary: brokenBlock });

const message = fc.record({
  role: fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom('user', 'assistant', 'system') },
    { weight: 1, arbitrary: nastyString },
  ),
  content: fc.oneof(nastyString, fc.array(block, { maxLength: 6 })),
});

const customTool = fc.record(
  {
    name: toolName,
    description: fc.option(nastyString, { nil: undefined }),
    input_schema: fc.oneof(
      fc.constant({ type: 'object', properties: {} }),
      fc.record({
        type: fc.constant('object'),
        properties: fc.dictionary(
          nastyString,
          fc.record({
            type: fc.constantFrom('string', 'number', 'object'),
            format: fc.constantFrom('uri', 'date-time'),
          }),
        ),
        additionalProperties: fc.boolean(),
        $schema: fc.constant('http://json-schema.org/draft-07/schema#'),
      }),
      jsonObject,
    ),
  },
  { requiredKeys: ['name', 'input_schema'] },
);

const tool = fc.oneof(
  { weight: 20, arbitrary: customTool },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('bash_20250124', 'web_search_20250305', 'text_editor_20250728'),
      name: fc.constantFrom('bash', 'web_search', 'str_replace_based_edit_tool'),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const nearValidRequest = fc.record(
  {
    model: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('claude-opus-4-8', 'claude-haiku-4-5', 'gpt-4.1') },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    max_tokens: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 128_000 }) },
      { weight: 1, arbitrary: fc.oneof(fc.double(), fc.constant(0), fc.string()) },
    ),
    messages: fc.array(message, { maxLength: 8 }),
    system: fc.oneof(nastyString, fc.array(textBlock, { maxLength: 3 })),
    stream: fc.boolean(),
    tools: fc.array(tool, { maxLength: 6 }),
    tool_choice: fc.oneof(
      fc.record({ type: fc.constantFrom('auto', 'any', 'none'), disable_parallel_tool_use: fc.boolean() }),
      fc.record({ type: fc.constant('tool'), name: toolName }),
    ),
    stop_sequences: fc.array(nastyString, { maxLength: 6 }),
    temperature: fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.double() },
    ),
    top_k: fc
      .integer({ min: -1, max: 500 })
      .map((value) => (value === -1 || value > 400 ? value : Math.max(0, value))),
    thinking: fc.oneof(
      fc.record({
        type: fc.constant('enabled'),
        budget_tokens: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 1024, max: 64_000 }) },
          { weight: 1, arbitrary: fc.integer({ min: -10, max: 10 }) },
        ),
      }),
      fc.constant({ type: 'adaptive' }),
      fc.constant({ type: 'disabled' }),
    ),
    metadata: fc.record({ user_id: fc.oneof(nastyString, fc.constant('x'.repeat(500))) }),
    output_config: fc.record(
      {
        effort: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('low', 'medium', 'high', 'xhigh', 'max') },
          { weight: 1, arbitrary: fc.constant('ultra') },
        ),
      },
      { requiredKeys: [] },
    ),
    context_management: fc.constant({ edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] }),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

/** Arrays `depth` levels deep, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** Objects `depth` levels deep under `key`, built without recursion. */
function nestedObjects(depth: number, key: string): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 0; level < depth; level++) value = { [key]: value };
  return value;
}

/** `tool_result` blocks nested `depth` levels through their `content`. */
function nestedToolResults(depth: number): unknown {
  let content: unknown = 'deepest';
  for (let level = 0; level < depth; level++)
    content = [{ type: 'tool_result', tool_use_id: 'toolu_01', content }];
  return content;
}

// --- properties --------------------------------------------------------------------------

const runs = { numRuns: 400 };

describe('parseAnthropicMessagesRequest under fuzzing', { timeout: 60_000 }, () => {
  it('answers any JSON value with a request or a 400', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (body) => {
        parseOutcome(parseAnthropicMessagesRequest, body);
        parseOutcome(parseAnthropicCountTokensRequest, body);
      }),
      runs,
    );
  });

  it('answers any JS value (what a careless caller might pass) with a request or a 400', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withBigInt: true }),
        (body) => {
          parseOutcome(parseAnthropicMessagesRequest, body);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('validates near-valid requests, and every accepted one converts into a conversation OpenAI takes', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearValidRequest, (body) => {
        const outcome = parseOutcome(parseAnthropicMessagesRequest, body);
        if (!outcome.ok) return;
        accepted += 1;
        convertAccepted(outcome.value as AnthropicMessagesRequest);
      }),
      { numRuns: 600 },
    );
    // The generator is only useful when a good share of what it makes gets through validation.
    expect(accepted).toBeGreaterThan(60);
  });

  it('converts well-formed tool conversations in every order the client may send', () => {
    const turn = fc.record({
      text: fc.option(nastyString, { nil: undefined }),
      calls: fc.array(fc.record({ id: toolId, name: toolName, input: jsonObject }), { maxLength: 3 }),
      results: fc.array(
        fc.record({
          answer: fc.oneof(nastyString, fc.array(textBlock, { maxLength: 2 })),
          isError: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      shuffleResultsFirst: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(turn, { minLength: 1, maxLength: 4 }), nastyString, (turns, question) => {
        const messages: unknown[] = [{ role: 'user', content: question }];
        for (const current of turns) {
          const assistant: unknown[] = [];
          if (current.text !== undefined) assistant.push({ type: 'text', text: current.text });
          for (const call of current.calls) assistant.push({ type: 'tool_use', ...call });
          messages.push({ role: 'assistant', content: assistant });
          const results = current.calls.map((call, index) => ({
            type: 'tool_result',
            tool_use_id: call.id,
            content: current.results[index]?.answer ?? '',
            is_error: current.results[index]?.isError ?? false,
          }));
          const follow = { type: 'text', text: 'go on' };
          messages.push({
            role: 'user',
            content: current.shuffleResultsFirst ? [follow, ...results.reverse()] : [...results, follow],
          });
        }
        const outcome = parseOutcome(parseAnthropicMessagesRequest, {
          model: 'claude-opus-4-8',
          max_tokens: 100,
          messages,
        });
        if (outcome.ok) convertAccepted(outcome.value as AnthropicMessagesRequest);
      }),
      { numRuns: 300 },
    );
  });

  it('handles huge strings and huge tool lists', () => {
    const huge = 'ü🎉a\uD800'.repeat(500_000); // ~2.5 M UTF-16 units, with lone surrogates
    const tools = Array.from({ length: 2_000 }, (_, index) => ({
      name: `tool_${index}_${'n'.repeat(index % 80)}`,
      description: `Tool number ${index}`,
      input_schema: { type: 'object', properties: { value: { type: 'string', format: 'uri' } } },
    }));
    const outcome = parseOutcome(parseAnthropicMessagesRequest, {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: huge,
      tools,
      messages: [{ role: 'user', content: [{ type: 'text', text: huge }] }],
    });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) convertAccepted(outcome.value as AnthropicMessagesRequest);
    // 10,000 invalid blocks: one 400 with a message of reasonable size, not a wall of text.
    const invalid = parseOutcome(parseAnthropicMessagesRequest, {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: Array.from({ length: 10_000 }, () => ({ type: 'bogus' })) }],
    });
    expect(invalid.ok).toBe(false);
  });

  it.each([
    ['as the whole body', () => nestedArrays(10_000)],
    [
      'in an unknown top-level field',
      () => ({
        model: 'claude-opus-4-8',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
        extra: nestedArrays(10_000),
      }),
    ],
    [
      'as message content',
      () => ({
        model: 'claude-opus-4-8',
        max_tokens: 5,
        messages: [{ role: 'user', content: nestedArrays(10_000) }],
      }),
    ],
  ])('answers 10,000 levels of nesting %s with a request or a 400', (_where, build) => {
    parseOutcome(parseAnthropicMessagesRequest, build());
  });

  it('converts 1,000 levels of nesting in tool_result content, tool_use input and input_schema', () => {
    const deep = nestedObjects(1_000, 'a');
    for (const body of [
      {
        model: 'claude-opus-4-8',
        max_tokens: 5,
        messages: [{ role: 'user', content: nestedToolResults(1_000) }],
      },
      toolUseInputRequest(deep),
      inputSchemaRequest(deep),
    ]) {
      const outcome = parseOutcome(parseAnthropicMessagesRequest, body);
      if (outcome.ok) convertAccepted(outcome.value as AnthropicMessagesRequest);
    }
  });

  // Nesting deeper than maximumRequestNestingDepth is a 400 before anything recurses.
  it('answers 10,000 levels of tool_result nesting with a request or a 400', () => {
    parseOutcome(parseAnthropicMessagesRequest, {
      model: 'claude-opus-4-8',
      max_tokens: 5,
      messages: [{ role: 'user', content: nestedToolResults(10_000) }],
    });
  });

  it('answers a 10,000-level deep tool_use input with a 400, or converts it', () => {
    const outcome = parseOutcome(
      parseAnthropicMessagesRequest,
      toolUseInputRequest(nestedObjects(10_000, 'a')),
    );
    if (outcome.ok) convertAccepted(outcome.value as AnthropicMessagesRequest);
  });

  it('answers a 10,000-level deep tool input_schema with a 400, or converts it into a body that serialises', () => {
    const outcome = parseOutcome(
      parseAnthropicMessagesRequest,
      inputSchemaRequest(nestedObjects(10_000, 'a')),
    );
    if (outcome.ok) convertAccepted(outcome.value as AnthropicMessagesRequest);
  });
});

function toolUseInputRequest(input: Record<string, unknown>) {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 5,
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'deep', input }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'ok' }] },
    ],
  };
}

function inputSchemaRequest(schema: Record<string, unknown>) {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 5,
    tools: [{ name: 'deep', input_schema: schema }],
    messages: [{ role: 'user', content: 'hi' }],
  };
}
