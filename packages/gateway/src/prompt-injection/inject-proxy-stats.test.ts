import {
  type AnthropicMessagesRequest,
  convertAnthropicRequestToOpenAI,
  parseAnthropicMessagesRequest,
} from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { injectProxyStats, injectProxyStatsIntoLastUserTurn } from './inject-proxy-stats';

/** The shape Claude Code sends: three system blocks, two with cache_control (one with a ttl). */
function claudeCodeRequest(): AnthropicMessagesRequest {
  return parseAnthropicMessagesRequest({
    model: 'claude-opus-4-8',
    max_tokens: 64000,
    stream: true,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197; cc_entrypoint=cli;' },
      {
        type: 'text',
        text: "You are Claude Code, Anthropic's official CLI for Claude.",
        cache_control: { type: 'ephemeral' },
      },
      {
        type: 'text',
        text: 'You are an interactive CLI tool that helps users with software engineering tasks.',
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hello', cache_control: { type: 'ephemeral' } }] },
    ],
  });
}

function deepFreeze<Value>(value: Value): Value {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('injectProxyStats', () => {
  it('adds one text block after the existing system blocks and leaves them byte-identical', () => {
    const original = claudeCodeRequest();
    const before = JSON.stringify(original.system);
    const injected = injectProxyStats(deepFreeze(original), 'ccp 🟢openrouter 📨12');
    const system = injected.system;
    if (!Array.isArray(system) || !Array.isArray(original.system)) throw new Error('expected block arrays');
    expect(system).toHaveLength(original.system.length + 1);
    expect(JSON.stringify(system.slice(0, -1))).toBe(before);
    system.slice(0, -1).forEach((block, index) => {
      expect(block).toBe(original.system?.[index]);
    });
    expect(system.map((block) => block.cache_control ?? null)).toEqual([
      null,
      { type: 'ephemeral' },
      { type: 'ephemeral', ttl: '1h' },
      null,
    ]);
    expect(system.at(-1)).toEqual({ type: 'text', text: 'ccp 🟢openrouter 📨12' });
    expect(JSON.stringify(original.system)).toBe(before);
    expect(injected.messages).toBe(original.messages);
  });

  it('keeps the converted upstream system prompt as a prefix with its cache_control', () => {
    const original = claudeCodeRequest();
    const options = { model: 'anthropic/claude-sonnet-4', keepCacheControl: true };
    const plain = convertAnthropicRequestToOpenAI(original, options).request.messages[0];
    const injected = convertAnthropicRequestToOpenAI(injectProxyStats(original, 'stats'), options).request
      .messages[0];
    if (!plain || !injected || !Array.isArray(plain.content) || !Array.isArray(injected.content)) {
      throw new Error('expected system messages with text parts');
    }
    expect(injected.content.slice(0, plain.content.length)).toEqual(plain.content);
    expect(injected.content.at(-1)).toMatchObject({ type: 'text', text: 'stats' });
    expect(injected.content.at(-1)).not.toHaveProperty('cache_control');
  });

  it('turns a string system prompt into its unchanged first block', () => {
    const request = { ...claudeCodeRequest(), system: 'Be brief.' };
    expect(injectProxyStats(request, 'stats').system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'stats' },
    ]);
  });

  it('creates the system prompt when there is none', () => {
    const { system: _system, ...request } = claudeCodeRequest();
    expect(injectProxyStats(request, 'stats').system).toEqual([{ type: 'text', text: 'stats' }]);
    expect(injectProxyStats({ ...request, system: '' }, 'stats').system).toEqual([
      { type: 'text', text: 'stats' },
    ]);
  });

  it('leaves the request alone for empty text', () => {
    const request = claudeCodeRequest();
    expect(injectProxyStats(request, '  ')).toBe(request);
  });
});

describe('injectProxyStatsIntoLastUserTurn', () => {
  it('appends a system-reminder block to the last user turn and leaves everything before it identical', () => {
    const original = deepFreeze(claudeCodeRequest());
    const before = JSON.stringify(original);
    const injected = injectProxyStatsIntoLastUserTurn(original, 'ccp 📨12');
    expect(injected.system).toBe(original.system);
    const content = injected.messages.at(-1)?.content;
    if (!Array.isArray(content)) throw new Error('expected blocks');
    const originalContent = original.messages[0]?.content;
    if (!Array.isArray(originalContent)) throw new Error('expected blocks');
    expect(content[0]).toBe(originalContent[0]);
    expect(content.at(-1)).toEqual({ type: 'text', text: '<system-reminder>\nccp 📨12\n</system-reminder>' });
    expect(JSON.stringify(original)).toBe(before);
    // The serialized request up to the new block is the original's, byte for byte.
    const serialized = JSON.stringify({ ...injected, messages: [] });
    expect(serialized).toBe(JSON.stringify({ ...original, messages: [] }));
  });

  it('turns a string user turn into its unchanged first block', () => {
    const request = { ...claudeCodeRequest(), messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(injectProxyStatsIntoLastUserTurn(request, 'stats').messages[0]?.content).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'text', text: '<system-reminder>\nstats\n</system-reminder>' },
    ]);
  });

  it('falls back to the system placement when the conversation ends with an assistant prefill', () => {
    const request: AnthropicMessagesRequest = {
      ...claudeCodeRequest(),
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '{' },
      ],
    };
    const injected = injectProxyStatsIntoLastUserTurn(request, 'stats');
    expect(injected.messages).toBe(request.messages);
    expect(Array.isArray(injected.system) && injected.system.at(-1)).toEqual({ type: 'text', text: 'stats' });
  });
});
