import { describe, expect, it } from 'vitest';
import { convertSystemPrompt } from './convert-system-prompt';
import { createConversionContext, type RequestConversionOptions } from './request-conversion-options';

function context(options: Partial<RequestConversionOptions> = {}) {
  return createConversionContext({ model: 'm', ...options });
}

describe('convertSystemPrompt', () => {
  it.each([
    ['a string', 'Be brief.', { role: 'system', content: 'Be brief.' }],
    [
      'blocks, joined by a blank line',
      [
        { type: 'text' as const, text: 'One.' },
        { type: 'text' as const, text: 'Two.', cache_control: { type: 'ephemeral' as const } },
      ],
      { role: 'system', content: 'One.\n\nTwo.' },
    ],
    ['nothing', undefined, undefined],
    ['an empty string', '', undefined],
    ['only empty blocks', [{ type: 'text' as const, text: ' \n' }], undefined],
  ])('%s', (_name, system, expected) => {
    expect(convertSystemPrompt(system, context())).toEqual(expected);
  });

  it('keeps cache breakpoints as parts without ttl or scope when asked', () => {
    const state = context({ keepCacheControl: true, systemRole: 'developer' });
    expect(
      convertSystemPrompt(
        [
          { type: 'text', text: 'billing header' },
          {
            type: 'text',
            text: 'You are Claude Code.',
            cache_control: { type: 'ephemeral', ttl: '1h', scope: 'global' },
          },
          { type: 'text', text: '' },
        ],
        state,
      ),
    ).toEqual({
      role: 'developer',
      content: [
        { type: 'text', text: 'billing header' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
      ],
    });
    expect(state.counts.cacheControlDropped).toBe(0);
  });

  it('counts dropped breakpoints otherwise', () => {
    const state = context();
    convertSystemPrompt([{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }], state);
    expect(state.counts.cacheControlDropped).toBe(1);
  });
});

describe("Claude Code's billing header", () => {
  it('is not sent upstream', () => {
    const state = context({});
    expect(
      convertSystemPrompt(
        [
          {
            type: 'text',
            text: 'x-anthropic-billing-header: cc_version=2.1.332.42e; cc_entrypoint=sdk-cli;',
          },
          { type: 'text', text: 'You are Claude Code.' },
        ],
        state,
      ),
    ).toEqual({ role: 'system', content: 'You are Claude Code.' });
    expect(state.warnings.some((warning) => warning.message.includes('billing header'))).toBe(true);
  });
});
