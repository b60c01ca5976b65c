import type { OpenAIChatRequest } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { serializeUpstreamBody } from './serialize-upstream-body';

const schema = Object.freeze({ type: 'object', properties: Object.freeze({}) });
const tool = (name: string, parameters: Record<string, unknown> = schema) => ({
  type: 'function' as const,
  function: { name, description: `${name} things`, parameters },
});
const text = (body: string | Buffer) => (typeof body === 'string' ? body : body.toString('utf8'));

describe('serializeUpstreamBody', () => {
  it('splices the cached JSON of frozen tools, equal to JSON.stringify, and follows any change to the list', () => {
    const body: OpenAIChatRequest = {
      model: 'm',
      messages: [{ role: 'user', content: 'ünïcode ✓' }],
      tools: [tool('Read'), tool('Write')],
    };
    const first = serializeUpstreamBody(body);
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(JSON.parse(text(first))).toEqual(body);
    const renamed = { ...body, tools: [tool('Read'), tool('Edit')] };
    expect(JSON.parse(text(serializeUpstreamBody(renamed)))).toEqual(renamed);
    const fewer = { ...body, tools: [tool('Read')] };
    expect(JSON.parse(text(serializeUpstreamBody(fewer)))).toEqual(fewer);
    expect(JSON.parse(text(serializeUpstreamBody(body)))).toEqual(body);
  });

  it('stringifies as usual when a schema could change', () => {
    const open = { type: 'object', properties: {} };
    const body: OpenAIChatRequest = { model: 'm', messages: [], tools: [tool('Read', open)] };
    expect(serializeUpstreamBody(body)).toBe(JSON.stringify(body));
  });
});
