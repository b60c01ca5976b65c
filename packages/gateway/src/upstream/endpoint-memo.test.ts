import type { EndpointSettings } from '@ccp/config';
import { detectDialect } from '@ccp/reasoning';
import { describe, expect, it } from 'vitest';
import { EndpointMemo } from './endpoint-memo';
import { describeEndpoint, upstreamTarget } from './upstream-target';

const endpoint = (baseUrl: string, apiKey = 'sk-test'): EndpointSettings => ({
  baseUrl,
  apiKey,
  azureApiVersion: undefined,
  provider: undefined,
});

describe('EndpointMemo', () => {
  it('gives what upstreamTarget and describeEndpoint give, worked out once per endpoint object', () => {
    const headers = { 'X-Team': 'blue' };
    const memo = new EndpointMemo(headers);
    const openai = endpoint('https://user:secret@api.example.test/v1/?x=1');
    const local = endpoint('http://127.0.0.1:11434/v1', '');
    expect(memo.target(openai)).toEqual(upstreamTarget(openai, headers));
    expect(memo.key(openai)).toBe(describeEndpoint(openai.baseUrl));
    expect(memo.key(openai)).not.toContain('secret');
    expect(memo.target(openai)).toBe(memo.target(openai));
    expect(memo.target(local)).not.toBe(memo.target(openai));
    expect(memo.target(local).url).toBe(upstreamTarget(local, headers).url);
    // A shared target cannot be changed by one request for the others.
    expect(Object.isFrozen(memo.target(openai).headers)).toBe(true);
    // An equal but separate object (one made for a single request) is worked out on its own.
    const copy = { ...openai, apiKey: 'sk-other' };
    expect(memo.target(copy).headers.authorization).toBe('Bearer sk-other');
  });

  it('gives the dialect detectDialect gives, for each model at each endpoint, the override first', () => {
    const memo = new EndpointMemo({});
    const endpoints = [
      endpoint('https://openrouter.ai/api/v1'),
      endpoint('http://127.0.0.1:11434/v1', ''),
      endpoint('http://gpu-box:9000/v1'),
      { ...endpoint('http://gpu-box:9000/v1'), provider: 'lmstudio' as const },
    ];
    for (const each of endpoints) {
      for (const model of ['anthropic/claude-sonnet-4', 'qwen3:8b', 'deepseek-reasoner', 'gpt-5-mini', 'llama3']) {
        const expected = detectDialect({ baseUrl: each.baseUrl, model, override: each.provider });
        expect(memo.dialect(each, model), `${each.baseUrl} ${model}`).toBe(expected);
        expect(memo.dialect(each, model)).toBe(expected);
      }
    }
  });
});
