import type { EndpointSettings } from '@ccp/config';
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
});
