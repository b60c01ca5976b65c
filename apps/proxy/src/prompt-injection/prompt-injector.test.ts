import type { AnthropicMessagesRequest } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import type { PromptInjectionSettings } from '@ccp/config';
import { createPromptInjector, type PromptInjectionView } from './prompt-injector';

const mainTurn: AnthropicMessagesRequest = {
  model: 'claude-opus-4-8',
  max_tokens: 32000,
  stream: true,
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
  tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
  messages: [{ role: 'user', content: 'fix the bug' }],
};
const titleRequest: AnthropicMessagesRequest = {
  model: 'claude-sonnet-4-6',
  max_tokens: 512,
  messages: [{ role: 'user', content: 'Write a title for this conversation' }],
};
const haikuSideRequest: AnthropicMessagesRequest = { ...mainTurn, model: 'claude-haiku-4-5' };
const plainTurn: AnthropicMessagesRequest = {
  model: 'claude-sonnet-4-6',
  max_tokens: 4096,
  messages: [{ role: 'user', content: 'hi' }],
};

function injector(settings: Partial<PromptInjectionSettings>) {
  const views: PromptInjectionView[] = [];
  let calls = 0;
  const created = createPromptInjector({
    enabled: true,
    modules: ['status', 'performance'],
    size: 'small',
    mode: 'auto',
    ...settings,
    render(view) {
      views.push(view);
      calls += 1;
      return view.format === 'header' ? `header #${calls}` : `stats #${calls} (${view.size})`;
    },
  });
  return { created, views };
}

const lastSystemText = (request: AnthropicMessagesRequest) => {
  const system = request.system;
  return Array.isArray(system) ? system.at(-1)?.text : system;
};

describe('createPromptInjector', () => {
  it('never injects when disabled, and refuses to queue', () => {
    const { created, views } = injector({ enabled: false, mode: 'always' });
    expect(created.apply(mainTurn)).toBe(mainTurn);
    expect(created.queue('note')).toBe(false);
    expect(views).toEqual([]);
  });

  it('auto: injects on streaming and tool turns, not on side requests or plain turns', () => {
    const { created, views } = injector({ mode: 'auto' });
    expect(created.decide(titleRequest)).toEqual({
      inject: false,
      reason: 'side request (haiku tier or small max_tokens)',
    });
    expect(created.decide(haikuSideRequest).inject).toBe(false);
    expect(created.decide(plainTurn)).toEqual({ inject: false, reason: 'not a streaming or tool turn' });
    expect(created.decide({ ...plainTurn, stream: true }).inject).toBe(true);
    expect(created.decide({ ...plainTurn, tools: mainTurn.tools }).inject).toBe(true);
    const injected = created.apply(mainTurn);
    expect(lastSystemText(injected)).toBe('stats #3 (small)');
    expect(views.at(-1)).toEqual({ format: 'full', modules: ['status', 'performance'], size: 'small' });
    expect(Array.isArray(injected.system) && injected.system[0]).toBe(
      Array.isArray(mainTurn.system) && mainTurn.system[0],
    );
  });

  it('always: injects on every request, side requests included', () => {
    const { created } = injector({ mode: 'always', size: 'large' });
    expect(lastSystemText(created.apply(titleRequest))).toBe('stats #1 (large)');
    expect(lastSystemText(created.apply(plainTurn))).toBe('stats #2 (large)');
  });

  it('header: injects only the compact header, on working turns', () => {
    const { created, views } = injector({ mode: 'header' });
    expect(created.decide(titleRequest).inject).toBe(false);
    expect(lastSystemText(created.apply(mainTurn))).toBe('header #1');
    expect(views).toEqual([{ format: 'header', modules: ['status', 'performance'], size: 'small' }]);
  });

  it('manual: injects only what was queued, once, on the next main request', () => {
    const { created } = injector({ mode: 'manual' });
    expect(created.decide(mainTurn)).toEqual({
      inject: false,
      reason: 'manual mode: only queued injections',
    });
    expect(created.queue('BIG_MODEL is now openai/gpt-5.1')).toBe(true);
    expect(created.queue()).toBe(true);
    expect(created.queue('   ')).toBe(false);
    expect(created.pending()).toBe(2);
    // A side request does not consume the queue.
    expect(created.apply(titleRequest)).toBe(titleRequest);
    expect(created.pending()).toBe(2);
    expect(lastSystemText(created.apply(plainTurn))).toBe(
      'BIG_MODEL is now openai/gpt-5.1\n\nstats #1 (small)',
    );
    expect(created.pending()).toBe(0);
    expect(created.apply(plainTurn)).toBe(plainTurn);
  });

  it('adds queued notes to the automatic stats in the same single block', () => {
    const { created } = injector({ mode: 'auto' });
    created.queue('note');
    const injected = created.apply(mainTurn);
    expect(Array.isArray(injected.system) && injected.system.length).toBe(2);
    expect(lastSystemText(injected)).toBe('stats #1 (small)\n\nnote');
  });

  it('bounds the queue', () => {
    const { created } = injector({ mode: 'manual' });
    const accepted = Array.from({ length: 20 }, (_, index) => created.queue(`note ${index}`));
    expect(accepted.filter(Boolean).length).toBe(created.pending());
    expect(accepted.at(-1)).toBe(false);
  });

  it('skips injection when the renderer has nothing to say', () => {
    const created = createPromptInjector({
      enabled: true,
      modules: [],
      size: 'small',
      mode: 'auto',
      render: () => '',
    });
    expect(created.apply(mainTurn)).toBe(mainTurn);
  });

  it('puts the text at the end of the last user turn with the conversation-end placement', () => {
    const { created } = injector({ mode: 'auto', placement: 'conversation-end' });
    const injected = created.apply(mainTurn);
    expect(injected.system).toBe(mainTurn.system);
    expect(injected.messages.at(-1)?.content).toEqual([
      { type: 'text', text: 'fix the bug' },
      { type: 'text', text: '<system-reminder>\nstats #1 (small)\n</system-reminder>' },
    ]);
    expect(created.settings.placement).toBe('conversation-end');
  });
});
