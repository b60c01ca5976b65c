import { readFileSync } from 'node:fs';
import { type AnthropicMessagesRequest, countAnthropicRequestTokens } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { checkContextWindow, promptTooLongMessage } from './context-guard';

/** The pattern Claude Code 2.1.332 tests error messages with before compacting (found in its binary). */
const CLAUDE_CODE_PROMPT_TOO_LONG = /^prompt is too long: \d+ tokens > \d+ maximum$/;

describe('checkContextWindow', () => {
  it('passes max_tokens through when the model is unknown', () => {
    expect(
      checkContextWindow({
        estimatedInputTokens: 500_000,
        maxTokens: 64_000,
        contextWindow: null,
        maxOutput: null,
      }),
    ).toEqual({
      ok: true,
      maxTokens: 64_000,
      clampedBy: null,
    });
  });

  it('clamps max_tokens to the max output even when the window is unknown', () => {
    expect(
      checkContextWindow({
        estimatedInputTokens: 10,
        maxTokens: 64_000,
        contextWindow: undefined,
        maxOutput: 16_384,
      }),
    ).toEqual({
      ok: true,
      maxTokens: 16_384,
      clampedBy: 'max-output',
    });
  });

  it('clamps max_tokens to what is left of the window', () => {
    expect(
      checkContextWindow({
        estimatedInputTokens: 30_000,
        maxTokens: 8_000,
        contextWindow: 32_768,
        maxOutput: 8_192,
      }),
    ).toEqual({
      ok: true,
      maxTokens: 2_768,
      clampedBy: 'context-window',
    });
  });

  it('answers in Anthropic words when the prompt is over the window', () => {
    const result = checkContextWindow({
      estimatedInputTokens: 40_001,
      maxTokens: 4096,
      contextWindow: 32_768,
      maxOutput: 4096,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        status: 400,
        type: 'invalid_request_error',
        message: 'prompt is too long: 40001 tokens > 31744 maximum',
      },
    });
  });

  it('treats a prompt that leaves under 1024 output tokens as too long', () => {
    const fits = checkContextWindow({
      estimatedInputTokens: 31_744,
      maxTokens: 64_000,
      contextWindow: 32_768,
      maxOutput: null,
    });
    expect(fits).toEqual({ ok: true, maxTokens: 1024, clampedBy: 'context-window' });
    const over = checkContextWindow({
      estimatedInputTokens: 31_745,
      maxTokens: 64_000,
      contextWindow: 32_768,
      maxOutput: null,
    });
    expect(over.ok).toBe(false);
  });

  it('keeps only the room the client asked for when max_tokens is small, and none for a cache pre-warm', () => {
    expect(
      checkContextWindow({
        estimatedInputTokens: 32_668,
        maxTokens: 100,
        contextWindow: 32_768,
        maxOutput: null,
      }).ok,
    ).toBe(true);
    expect(
      checkContextWindow({
        estimatedInputTokens: 32_768,
        maxTokens: 0,
        contextWindow: 32_768,
        maxOutput: null,
      }),
    ).toEqual({
      ok: true,
      maxTokens: 0,
      clampedBy: null,
    });
  });

  it('honours a custom minimum output', () => {
    const result = checkContextWindow({
      estimatedInputTokens: 7_000,
      maxTokens: 4096,
      contextWindow: 8_192,
      maxOutput: null,
      minimumOutputTokens: 2048,
    });
    expect(result.ok || result.error.message).toBe('prompt is too long: 7000 tokens > 6144 maximum');
  });

  it('writes the message Claude Code recognises', () => {
    expect(promptTooLongMessage(208_310, 200_000)).toBe('prompt is too long: 208310 tokens > 200000 maximum');
    expect(promptTooLongMessage(208_310, 200_000)).toMatch(CLAUDE_CODE_PROMPT_TOO_LONG);
  });
});

describe('with the real Claude Code first turn', () => {
  const fixture = new URL('../__fixtures__/claude-code-first-turn.json', import.meta.url);
  const captured = JSON.parse(readFileSync(fixture, 'utf8')) as AnthropicMessagesRequest;
  const estimated = countAnthropicRequestTokens(captured);

  it('is a large request with Claude Code max_tokens', () => {
    // 78 KB on the wire with 21 tool schemas: well above a small local model's 8K window.
    expect(estimated).toBeGreaterThan(10_000);
    expect(estimated).toBeLessThan(60_000);
    expect(captured.max_tokens).toBe(128_000);
  });

  it('is refused with a compactable error by an 8K local model', () => {
    const result = checkContextWindow({
      estimatedInputTokens: estimated,
      maxTokens: captured.max_tokens,
      contextWindow: 8_192,
      maxOutput: 4_096,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(400);
    expect(result.error.type).toBe('invalid_request_error');
    expect(result.error.message).toMatch(CLAUDE_CODE_PROMPT_TOO_LONG);
    expect(result.error.message).toBe(`prompt is too long: ${estimated} tokens > 7168 maximum`);
  });

  it('fits a 128K model with max_tokens clamped to its max output', () => {
    const result = checkContextWindow({
      estimatedInputTokens: estimated,
      maxTokens: captured.max_tokens,
      contextWindow: 128_000,
      maxOutput: 16_384,
    });
    expect(result).toEqual({ ok: true, maxTokens: 16_384, clampedBy: 'max-output' });
  });

  it('fits a window just big enough, with max_tokens clamped to what is left', () => {
    const window = estimated + 5_000;
    const result = checkContextWindow({
      estimatedInputTokens: estimated,
      maxTokens: captured.max_tokens,
      contextWindow: window,
      maxOutput: 32_000,
    });
    expect(result).toEqual({ ok: true, maxTokens: 5_000, clampedBy: 'context-window' });
  });
});
