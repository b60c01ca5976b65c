import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAnthropicApiError } from './anthropic-error';
import { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './anthropic-request-schema';
import { findTooDeepPath, maximumRequestNestingDepth } from './nesting-depth';

function nestedObjects(depth: number, key: string): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < depth; level++) value = { [key]: value };
  return value;
}

describe('findTooDeepPath', () => {
  it('names the path of the first container past the limit', () => {
    expect(findTooDeepPath({ a: [[[]]] }, 3)).toBe('a.0.0');
    expect(findTooDeepPath({ a: [[[]]] }, 4)).toBeUndefined();
    expect(findTooDeepPath({ x: 1, b: { c: 'deep?' }, d: [1, [2, { e: {} }]] }, 4)).toBe('d.1.1.e');
    expect(findTooDeepPath('text', 1)).toBeUndefined();
    expect(findTooDeepPath({}, 1)).toBeUndefined();
  });

  it('counts the body as level 1, so exactly `limit` levels pass', () => {
    expect(findTooDeepPath(nestedObjects(10, 'a'), 10)).toBeUndefined();
    expect(findTooDeepPath(nestedObjects(11, 'a'), 10)).toBe(Array(10).fill('a').join('.'));
  });

  it('walks 100,000 levels without recursion and shortens the path it reports', () => {
    const path = findTooDeepPath(nestedObjects(100_000, 'key'), 512);
    expect(path).toBe(`${Array(10).fill('key').join('.')}.….key.key.key.key`);
  });

  it('passes the 120 KB Claude Code first turn', () => {
    const body: unknown = JSON.parse(
      readFileSync(new URL('./__fixtures__/claude-code-first-turn.json', import.meta.url), 'utf8'),
    );
    expect(findTooDeepPath(body)).toBeUndefined();
  });
});

describe('request nesting limit', () => {
  const deepInput = nestedObjects(maximumRequestNestingDepth, 'a');
  const bodyWith = (input: unknown) => ({
    model: 'claude-opus-4-8',
    max_tokens: 5,
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'deep', input }] },
    ],
  });

  it.each([
    ['messages', parseAnthropicMessagesRequest],
    ['count_tokens', parseAnthropicCountTokensRequest],
  ])('answers %s requests nested too deep with a 400 naming the path', (_name, parse) => {
    let caught: unknown;
    try {
      parse(bodyWith(deepInput));
    } catch (error) {
      caught = error;
    }
    expect(isAnthropicApiError(caught)).toBe(true);
    if (!isAnthropicApiError(caught)) return;
    expect(caught.status).toBe(400);
    expect(caught.errorType).toBe('invalid_request_error');
    expect(caught.message).toMatch(/^messages\.1\.content\.0\.input(\.a){5}\.…(\.a){4}: /);
    expect(caught.message).toContain(`more than ${maximumRequestNestingDepth} levels`);
  });

  it('accepts a request right at the limit', () => {
    // body, messages, message, content, block, input: the input takes the other levels.
    const request = parseAnthropicMessagesRequest(
      bodyWith(nestedObjects(maximumRequestNestingDepth - 5, 'a')),
    );
    expect(request.messages).toHaveLength(2);
  });
});
