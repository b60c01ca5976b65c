import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnthropicCountTokensRequest } from './anthropic-api';
import { countAnthropicRequestTokens, estimateTextTokens } from './estimate-tokens';
import {
  estimateRequestTokensQuickly,
  estimateTextTokensQuickly,
  TokenEstimateCache,
} from './quick-token-estimate';

function loadRequest(name: string): AnthropicCountTokensRequest {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

const samplesFolder = new URL('./__fixtures__/token-samples/', import.meta.url);
const samples = readdirSync(samplesFolder)
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, samplesFolder), 'utf8') }));

const relativeError = (estimate: number, reference: number) => Math.abs(estimate / reference - 1);

describe('estimateTextTokensQuickly', () => {
  it.each(samples)('$name is within ±10% of estimateTextTokens', ({ text }) => {
    expect(relativeError(estimateTextTokensQuickly(text), estimateTextTokens(text))).toBeLessThanOrEqual(0.1);
  });

  it.each([
    ['', 0],
    ['Hello', 1],
    ['Hello, world!', 4],
    ['camelCaseWords', 3],
    ['  indented\n\nlines', 4],
    ['12345', 2],
  ])('%j → %i like the accurate estimate', (text, expected) => {
    expect(estimateTextTokensQuickly(text)).toBe(expected);
    expect(estimateTextTokens(text)).toBe(expected);
  });
});

describe('estimateRequestTokensQuickly', () => {
  it.each(['claude-code-first-turn.json', 'claude-code-tool-turns.json'])(
    '%s is within ±10% of countAnthropicRequestTokens, with or without a cache',
    (name) => {
      const request = loadRequest(name);
      const accurate = countAnthropicRequestTokens(request);
      const cache = new TokenEstimateCache();
      const quick = estimateRequestTokensQuickly(request);
      expect(relativeError(quick, accurate)).toBeLessThanOrEqual(0.1);
      expect(estimateRequestTokensQuickly(request, cache)).toBe(quick);
      // A second request with the same tools and system prompt is answered from the cache, identically.
      expect(estimateRequestTokensQuickly(loadRequest(name), cache)).toBe(quick);
    },
  );

  it('recounts a tool whose description or schema changed', () => {
    const request = loadRequest('claude-code-first-turn.json');
    const cache = new TokenEstimateCache();
    const before = estimateRequestTokensQuickly(request, cache);
    const changed = structuredClone(request);
    const tool = changed.tools?.[0] as { description?: string; input_schema: Record<string, unknown> };
    tool.description = `${tool.description ?? ''} Also explains a new option in some detail here.`;
    expect(estimateRequestTokensQuickly(changed, cache)).toBeGreaterThan(before);
    const schemaChanged = structuredClone(request);
    const schemaTool = schemaChanged.tools?.[0] as { input_schema: Record<string, unknown> };
    schemaTool.input_schema = { ...schemaTool.input_schema, title: 'A much longer schema title than before' };
    expect(estimateRequestTokensQuickly(schemaChanged, cache)).toBeGreaterThan(before);
  });

  it('knows a tool the caller vouches for by identity, and still recounts another each time it could change', () => {
    const vouched = new WeakSet<object>();
    const cache = new TokenEstimateCache({ isUnchanging: (tool) => vouched.has(tool) });
    const tool = Object.freeze({
      name: 'Read',
      description: 'Reads a file.',
      input_schema: { type: 'object' },
    });
    vouched.add(tool);
    let counted = 0;
    const count = () => {
      counted++;
      return 42;
    };
    expect(cache.toolTokens(tool, count)).toBe(42);
    expect(cache.toolTokens(tool, count)).toBe(42);
    expect(counted).toBe(1);
    const open = { name: 'Write', description: 'Writes a file.', input_schema: { type: 'object' } };
    cache.toolTokens(open, count);
    open.description = 'Writes a file, and a much longer description of how.';
    cache.toolTokens(open, count);
    expect(counted).toBe(3);
  });

  it('keeps the cache within its bounds', () => {
    const cache = new TokenEstimateCache({ maximumTools: 2, maximumTextCharacters: 10_000 });
    const text = (seed: string) => `${seed} `.repeat(1500);
    for (const seed of ['alpha', 'beta', 'gamma', 'delta']) {
      expect(cache.textTokens(text(seed), estimateTextTokensQuickly)).toBe(
        estimateTextTokensQuickly(text(seed)),
      );
    }
    let counted = 0;
    cache.textTokens(text('alpha'), (value) => {
      counted++;
      return estimateTextTokensQuickly(value);
    });
    expect(counted).toBe(1);
  });
});
