import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenAIChatRequest } from '@ccp/convert';
import { SessionTools } from './session-tools';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));
const fixture = readFileSync(
  join(import.meta.dirname, '../__fixtures__/claude-code-first-turn.json'),
  'utf8',
);

describe('SessionTools.parseRequest', () => {
  it('reuses the tools of a repeated tools text, shared and frozen, and parses the rest of each request anew', () => {
    const cache = new SessionTools();
    const body = JSON.parse(fixture) as { messages: Array<{ role: string; content: unknown }> };
    const first = cache.parseRequest(encode(body));
    const next = { ...body, messages: [...body.messages, { role: 'assistant', content: 'done' }] };
    const second = cache.parseRequest(encode(next));
    expect(second.tools).toBe(first.tools);
    expect(Object.isFrozen(second.tools?.[0])).toBe(true);
    expect(cache.isShared(second.tools?.[0] as object)).toBe(true);
    expect(second.messages).toHaveLength(body.messages.length + 1);
    expect(second).toEqual({ ...first, messages: second.messages });
  });

  it('recognises each of several known tools texts wherever the member sits, byte for byte', () => {
    const cache = new SessionTools();
    const body = JSON.parse(fixture) as { tools: Array<{ description?: string }>; messages: unknown[] };
    const other = { ...body, tools: body.tools.slice(1) };
    const first = cache.parseRequest(encode(body));
    const second = cache.parseRequest(encode(other));
    expect(second.tools).not.toBe(first.tools);
    // Alternating sessions, and the tools written first, before the messages.
    const { tools, ...rest } = body;
    expect(cache.parseRequest(encode({ tools, ...rest })).tools).toBe(first.tools);
    expect(cache.parseRequest(encode(other)).tools).toBe(second.tools);
    expect(cache.parseRequest(encode(body)).tools).toBe(first.tools);
    // The same tools with one more byte of text are not the known ones.
    const extended = { ...body, tools: [...body.tools, { name: 'Extra', input_schema: { type: 'object' } }] };
    const parsed = cache.parseRequest(encode(extended));
    expect(parsed.tools).not.toBe(first.tools);
    expect(parsed.tools).toHaveLength(body.tools.length + 1);
  });

  it('parses a changed tools text in full, and still refuses a bad rest with the 400 of the whole body', () => {
    const cache = new SessionTools();
    const body = JSON.parse(fixture) as { tools: Array<{ description?: string }>; max_tokens: unknown };
    const first = cache.parseRequest(encode(body));
    body.tools[0] = { ...body.tools[0], description: 'changed' };
    const changed = cache.parseRequest(encode(body));
    expect(changed.tools).not.toBe(first.tools);
    expect((changed.tools?.[0] as { description?: string } | undefined)?.description).toBe('changed');
    body.max_tokens = 'many';
    expect(() => cache.parseRequest(encode(body))).toThrow(/max_tokens/);
    expect(() => cache.parseRequest(Buffer.from(`${JSON.stringify(body).slice(0, -1)},}`))).toThrow(
      /not valid JSON/,
    );
  });
});

const text = (body: string | Buffer) => (typeof body === 'string' ? body : body.toString('utf8'));

describe('SessionTools.serializeBody', () => {
  /** A session that has seen Claude Code's tools, and the upstream tool list the planner makes of them. */
  function sessionWithTools() {
    const tools = new SessionTools();
    const request = tools.parseRequest(Buffer.from(fixture));
    const upstreamTools = (request.tools ?? []).map((definition) => {
      const { name, description, input_schema } = definition as {
        name: string;
        description?: string;
        input_schema: Record<string, unknown>;
      };
      return {
        type: 'function' as const,
        function: {
          name,
          description: description ?? '',
          parameters: tools.sanitizedSchema(input_schema, 'openai', 'm', (open) => ({ ...open })),
        },
      };
    });
    return { tools, upstreamTools, request };
  }

  it('splices the cached JSON of reused tools, equal to JSON.stringify, and follows any change to the list', () => {
    const { tools, upstreamTools } = sessionWithTools();
    const body: OpenAIChatRequest = {
      model: 'm',
      messages: [{ role: 'user', content: 'ünïcode ✓' }],
      tools: upstreamTools,
    };
    const first = tools.serializeBody(body);
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(text(first)).toBe(JSON.stringify(body));
    const renamed = {
      ...body,
      tools: upstreamTools.map((tool, index) =>
        index === 1 ? { ...tool, function: { ...tool.function, name: 'Renamed' } } : tool,
      ),
    };
    expect(JSON.parse(text(tools.serializeBody(renamed)))).toEqual(renamed);
    const fewer = { ...body, tools: upstreamTools.slice(0, 2) };
    expect(JSON.parse(text(tools.serializeBody(fewer)))).toEqual(fewer);
    expect(JSON.parse(text(tools.serializeBody(body)))).toEqual(body);
  });

  it('reuses a sanitized schema per dialect and model, and only for schemas it handed out', () => {
    const { tools, upstreamTools, request } = sessionWithTools();
    const firstTool = request.tools?.[0] as { input_schema: Record<string, unknown> } | undefined;
    if (!firstTool) throw new Error('the fixture has tools');
    const input = firstTool.input_schema;
    const first = upstreamTools[0]?.function.parameters;
    expect(first).toBeDefined();
    expect(tools.sanitizedSchema(input, 'openai', 'm', () => ({ changed: true }))).toBe(first);
    expect(tools.sanitizedSchema(input, 'deepseek', 'm', () => ({ changed: true }))).toEqual({
      changed: true,
    });
    // Frozen is not enough: an object the session did not hand out is transformed every time.
    const stranger = Object.freeze({ type: 'object', properties: Object.freeze({}) });
    const once = tools.sanitizedSchema(stranger, 'openai', 'm', (open) => ({ ...open }));
    expect(tools.sanitizedSchema(stranger, 'openai', 'm', (open) => ({ ...open }))).not.toBe(once);
  });

  it('stringifies as usual when a schema could change', () => {
    const { tools } = sessionWithTools();
    const frozenStranger = Object.freeze({ type: 'object', properties: Object.freeze({}) });
    const body: OpenAIChatRequest = {
      model: 'm',
      messages: [],
      tools: [{ type: 'function', function: { name: 'Read', description: 'r', parameters: frozenStranger } }],
    };
    expect(tools.serializeBody(body)).toBe(JSON.stringify(body));
  });
});
