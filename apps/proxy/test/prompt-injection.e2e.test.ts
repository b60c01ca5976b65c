import Anthropic from '@anthropic-ai/sdk';
import { reply } from '@ccp/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePromptInjectionSettings } from '@ccp/config';
import { type Stack, startStack } from './support/start-stack';

type SystemPart = { type: string; text: string; cache_control?: unknown };
type UpstreamBody = { messages: Array<{ role: string; content: string | SystemPart[] }> };

const claudeCodeSystem = [
  { type: 'text' as const, text: 'x-anthropic-billing-header: cc_version=2.1' },
  { type: 'text' as const, text: 'You are Claude Code, an interactive CLI tool.', cache_control: { type: 'ephemeral' as const } },
  { type: 'text' as const, text: 'Long instructions about tools and style.', cache_control: { type: 'ephemeral' as const } },
];

describe('prompt injection through the proxy', () => {
  let stack: Stack;
  let client: Anthropic;
  beforeAll(async () => {
    // Throws a SettingsError on any problem.
    const settings = resolvePromptInjectionSettings({
      PROMPT_INJECTION_ENABLED: 'true',
      PROMPT_INJECTION_MODE: 'always',
      PROMPT_INJECTION_SIZE: 'medium',
      PROMPT_INJECTION_MODULES: 'status,performance',
    });
    // An OpenRouter anthropic/* model keeps system parts with their cache_control, so the prefix is visible upstream.
    stack = await startStack({ PROVIDER: 'openrouter', BIG_MODEL: 'anthropic/claude-sonnet-4' }, { promptInjection: settings });
    client = new Anthropic({ baseURL: stack.proxy.url, apiKey: 'k', maxRetries: 0 });
  });
  afterAll(async () => stack.close());

  it('adds one system block after the existing ones, which reach the upstream unchanged', async () => {
    stack.upstream.enqueue(reply({ text: 'first' }));
    await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 1000, system: claudeCodeSystem, messages: [{ role: 'user', content: 'hi' }] });
    stack.upstream.enqueue(reply({ text: 'second' }));
    await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 1000, system: claudeCodeSystem, messages: [{ role: 'user', content: 'again' }] });

    const [first, second] = stack.upstream.requests.slice(-2).map((request) => request.body as UpstreamBody);
    const systemParts = (body: UpstreamBody | undefined) => body?.messages[0]?.content as SystemPart[];
    // The billing header block is Anthropic's alone and never goes upstream; the rest does, unchanged.
    const cachedPrefix = claudeCodeSystem.slice(1);
    for (const body of [first, second]) {
      const parts = systemParts(body);
      expect(parts).toHaveLength(cachedPrefix.length + 1);
      // The prefix Claude Code caches is byte-identical, cache_control included.
      expect(JSON.stringify(parts.slice(0, cachedPrefix.length).map(({ text, cache_control }) => ({ text, cache_control })))).toBe(
        JSON.stringify(cachedPrefix.map(({ text, cache_control }) => ({ text, cache_control }))),
      );
      expect(parts.at(-1)?.cache_control).toBeUndefined();
    }
    // The stats are live: the second request sees the first one counted.
    const injectedFirst = systemParts(first).at(-1)?.text ?? '';
    const injectedSecond = systemParts(second).at(-1)?.text ?? '';
    expect(injectedFirst).toMatch(/ccp/i);
    expect(injectedSecond).not.toBe(injectedFirst);
  });

  it('serves the same live state at /api/status', async () => {
    const line = await (await fetch(`${stack.proxy.url}/api/status?format=line`)).text();
    expect(line).toMatch(/^ccp .* req/);
    const json = (await (await fetch(`${stack.proxy.url}/api/status`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('anthropic/claude-sonnet-4');
  });
});
