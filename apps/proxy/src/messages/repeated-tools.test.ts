import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RepeatedTools } from './repeated-tools';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));
const fixture = readFileSync(
  join(import.meta.dirname, '../../bench/__fixtures__/claude-code-first-turn.json'),
  'utf8',
);

describe('RepeatedTools', () => {
  it('reuses the tools of a repeated tools text, frozen, and parses the rest of each request anew', () => {
    const cache = new RepeatedTools();
    const body = JSON.parse(fixture) as { messages: Array<{ role: string; content: unknown }> };
    const first = cache.parseRequest(encode(body));
    const next = { ...body, messages: [...body.messages, { role: 'assistant', content: 'done' }] };
    const second = cache.parseRequest(encode(next));
    expect(second.tools).toBe(first.tools);
    expect(Object.isFrozen(second.tools?.[0])).toBe(true);
    expect(second.messages).toHaveLength(body.messages.length + 1);
    expect(second).toEqual({ ...first, messages: second.messages });
  });

  it('parses a changed tools text in full, and still refuses a bad rest with the 400 of the whole body', () => {
    const cache = new RepeatedTools();
    const body = JSON.parse(fixture) as { tools: Array<{ description?: string }>; max_tokens: unknown };
    const first = cache.parseRequest(encode(body));
    body.tools[0] = { ...body.tools[0], description: 'changed' };
    const changed = cache.parseRequest(encode(body));
    expect(changed.tools).not.toBe(first.tools);
    expect((changed.tools?.[0] as { description?: string } | undefined)?.description).toBe('changed');
    body.max_tokens = 'many';
    expect(() => cache.parseRequest(encode(body))).toThrow(/max_tokens/);
    expect(() => cache.parseRequest(Buffer.from(`${JSON.stringify(body).slice(0, -1)},}`))).toThrow(/not valid JSON/);
  });
});
