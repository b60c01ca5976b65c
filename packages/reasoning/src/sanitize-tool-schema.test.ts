import { describe, expect, it } from 'vitest';
import { sanitizeToolSchema } from './sanitize-tool-schema';

/** Shaped like Claude Code's WebFetch and MCP tool schemas (zod-to-json-schema output). */
const webFetch = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', format: 'uri', description: 'The URL to fetch' },
    prompt: { type: 'string', $comment: 'free text', default: 'summarise' },
    when: { type: 'string', format: 'date-time' },
    format: { type: 'string', enum: ['markdown', 'text'], description: 'a property named like a keyword' },
    default: { type: ['string', 'null'] },
    headers: { type: 'object', additionalProperties: { type: 'string', format: 'regex' } },
    tags: { type: 'array', items: { type: 'string', format: 'hostname', examples: ['a.b'] } },
    mode: { const: 'fast' },
    choice: { anyOf: [{ type: 'string', format: 'email' }, { $ref: '#/definitions/Limit' }] },
  },
  required: ['url', 'prompt', 'missing'],
  definitions: { Limit: { type: 'integer', exclusiveMinimum: 0, description: 'a limit' } },
};

describe('sanitizeToolSchema', () => {
  it('OpenAI: strips $schema and the formats it rejects, keeps the rest and property names', () => {
    const result = sanitizeToolSchema(webFetch, 'openai');
    expect(result.$schema).toBeUndefined();
    expect(result.additionalProperties).toBe(false);
    const properties = result.properties as Record<string, Record<string, unknown>>;
    expect(properties.url).toEqual({ type: 'string', description: 'The URL to fetch' });
    expect(properties.when).toEqual({ type: 'string', format: 'date-time' });
    expect(properties.format).toEqual(webFetch.properties.format);
    expect(properties.default).toEqual({ type: ['string', 'null'] });
    expect(properties.headers).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(properties.tags).toEqual({
      type: 'array',
      items: { type: 'string', format: 'hostname', examples: ['a.b'] },
    });
    expect((properties.choice?.anyOf as unknown[] | undefined)?.[0]).toEqual({
      type: 'string',
      format: 'email',
    });
    expect(result.required).toEqual(['url', 'prompt', 'missing']);
  });

  it('Gemini: drops what Gemini rejects, inlines $ref, keeps property names that look like keywords', () => {
    const result = sanitizeToolSchema(webFetch, 'gemini');
    expect(result).toEqual({
      type: 'object',
      properties: {
        url: { type: 'string', description: 'The URL to fetch' },
        prompt: { type: 'string' },
        when: { type: 'string', format: 'date-time' },
        format: {
          type: 'string',
          enum: ['markdown', 'text'],
          description: 'a property named like a keyword',
        },
        default: { type: 'string', nullable: true },
        headers: { type: 'object' },
        tags: { type: 'array', items: { type: 'string' } },
        mode: { enum: ['fast'] },
        choice: { anyOf: [{ type: 'string' }, { type: 'integer', description: 'a limit' }] },
      },
      required: ['url', 'prompt'],
    });
  });

  it('OpenRouter google/* models get the Gemini rules, other models the generic ones', () => {
    expect(
      sanitizeToolSchema(webFetch, 'openrouter', 'google/gemini-2.5-pro').additionalProperties,
    ).toBeUndefined();
    const generic = sanitizeToolSchema(webFetch, 'openrouter', 'anthropic/claude-sonnet-4');
    expect(generic.$schema).toBeUndefined();
    expect(generic.additionalProperties).toBe(false);
    expect((generic.properties as Record<string, Record<string, unknown>>).url?.format).toBe('uri');
  });

  it('generic: strips $schema only', () => {
    const { $schema: _dropped, ...rest } = webFetch;
    expect(sanitizeToolSchema(webFetch, 'generic')).toEqual(rest);
  });

  it('never changes its input', () => {
    const copy = structuredClone(webFetch);
    for (const dialect of ['openai', 'gemini', 'generic', 'vllm'] as const)
      sanitizeToolSchema(webFetch, dialect);
    expect(webFetch).toEqual(copy);
  });

  it('survives recursive $refs on Gemini', () => {
    const tree = {
      type: 'object',
      properties: { root: { $ref: '#/$defs/Node' } },
      $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } },
    };
    expect(sanitizeToolSchema(tree, 'gemini')).toEqual({
      type: 'object',
      properties: { root: { type: 'object', properties: { child: { type: 'object' } } } },
    });
  });
});
