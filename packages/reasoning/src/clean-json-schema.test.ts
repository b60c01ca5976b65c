import { describe, expect, it } from 'vitest';
import { cleanJsonSchema } from './sanitize-tool-schema';

const gemini = {
  removeKeywords: ['$schema', '$comment', 'additionalProperties'],
  removeFormats: ['uri'],
} as const;

describe('cleanJsonSchema', () => {
  it('removes keywords and formats at every depth', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $comment: 'generated',
      type: 'object',
      additionalProperties: false,
      properties: {
        url: { type: 'string', format: 'uri' },
        when: { type: 'string', format: 'date-time' },
        edits: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { link: { type: 'string', format: 'uri' } },
          },
        },
        either: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
      },
      $defs: { thing: { type: 'object', additionalProperties: { type: 'string' } } },
    };
    expect(cleanJsonSchema(schema, gemini)).toEqual({
      type: 'object',
      properties: {
        url: { type: 'string' },
        when: { type: 'string', format: 'date-time' },
        edits: { type: 'array', items: { type: 'object', properties: { link: { type: 'string' } } } },
        either: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      $defs: { thing: { type: 'object' } },
    });
    expect(schema.additionalProperties).toBe(false);
  });

  it('keeps properties that happen to be named like keywords', () => {
    const schema = {
      type: 'object',
      properties: {
        format: { type: 'string' },
        $comment: { type: 'string' },
        additionalProperties: { type: 'boolean' },
      },
      required: ['format'],
    };
    expect(cleanJsonSchema(schema, gemini)).toEqual(schema);
  });

  it('removes every format when asked and leaves enum and default values alone', () => {
    expect(
      cleanJsonSchema(
        { type: 'string', format: 'email', enum: ['a'], default: { format: 'x' } },
        { removeFormats: true },
      ),
    ).toEqual({ type: 'string', enum: ['a'], default: { format: 'x' } });
  });
});
