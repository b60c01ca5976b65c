import { describe, expect, it } from 'vitest';
import { planReasoning } from './plan-reasoning';
import type { ReasoningIntent } from './reasoning-types';

const claudeCodeMain: ReasoningIntent = { thinking: { type: 'adaptive' }, effort: 'high', maxTokens: 64000 };
const haikuSide: ReasoningIntent = { maxTokens: 512 };

describe('precedence', () => {
  it('an explicit thinking.disabled beats REASONING_EFFORT, with a warning', () => {
    const plan = planReasoning({
      dialect: 'deepseek',
      model: 'deepseek-chat',
      intent: { thinking: { type: 'disabled' }, maxTokens: 4096 },
      settings: { effort: 'high' },
    });
    expect(plan.enabled).toBe(false);
    expect(plan.params).toEqual({ thinking: { type: 'disabled' } });
    expect(plan.warnings.join(' ')).toMatch(/disabled thinking/);
  });

  it('REASONING_EFFORT turns reasoning on for a request without thinking', () => {
    const plan = planReasoning({
      dialect: 'vllm',
      model: 'Qwen/Qwen3-8B',
      intent: haikuSide,
      settings: { effort: 'medium' },
    });
    expect(plan.enabled).toBe(true);
    expect(plan.effort).toBe('medium');
    expect(plan.params).toEqual({ chat_template_kwargs: { enable_thinking: true } });
  });

  it('REASONING_EFFORT replaces the client effort', () => {
    const plan = planReasoning({
      dialect: 'openai',
      model: 'o4-mini',
      intent: claudeCodeMain,
      settings: { effort: 'low' },
    });
    expect(plan.params).toEqual({ reasoning_effort: 'low' });
  });

  it('REASONING_MAX_TOKENS replaces the client budget where a budget is taken', () => {
    const plan = planReasoning({
      dialect: 'openrouter',
      model: 'anthropic/claude-opus-4.1',
      intent: { thinking: { type: 'enabled', budget_tokens: 20000 }, maxTokens: 32000 },
      settings: { maxTokens: 6000 },
    });
    expect(plan.params.reasoning).toEqual({ max_tokens: 6000 });
    expect(plan.budgetTokens).toBe(6000);
  });

  it('with both settings, the budget goes where budgets are taken and the effort elsewhere', () => {
    const settings = { effort: 'high' as const, maxTokens: 2000 };
    const budgeted = planReasoning({ dialect: 'dashscope', model: 'qwen-plus', intent: haikuSide, settings });
    expect(budgeted.params).toEqual({ enable_thinking: true, thinking_budget: 2000 });
    const effortOnly = planReasoning({ dialect: 'openai', model: 'gpt-5', intent: haikuSide, settings });
    expect(effortOnly.params).toEqual({ reasoning_effort: 'high' });
  });

  it('REASONING_MAX_TOKENS is clamped to 1,024–32,000 with a warning', () => {
    const high = planReasoning({
      dialect: 'dashscope',
      model: 'qwen-plus',
      intent: claudeCodeMain,
      settings: { maxTokens: 99999 },
    });
    expect(high.params.thinking_budget).toBe(32000);
    expect(high.warnings.join(' ')).toMatch(/32000 was used/);
    const low = planReasoning({
      dialect: 'dashscope',
      model: 'qwen-plus',
      intent: claudeCodeMain,
      settings: { maxTokens: 5 },
    });
    expect(low.params.thinking_budget).toBe(1024);
  });

  it('without settings, no thinking means off on a hybrid model', () => {
    const plan = planReasoning({ dialect: 'ollama', model: 'qwen3:14b', intent: haikuSide });
    expect(plan.enabled).toBe(false);
    expect(plan.params).toEqual({ reasoning_effort: 'none' });
  });
});

describe('Claude effort and budgets', () => {
  it.each([
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'high'],
    ['max', 'high'],
    [undefined, 'high'],
  ] as const)('adaptive with output_config.effort %s → %s', (effort, expected) => {
    const plan = planReasoning({
      dialect: 'openai',
      model: 'o3',
      intent: { thinking: { type: 'adaptive' }, effort, maxTokens: 64000 },
    });
    expect(plan.params.reasoning_effort).toBe(expected);
  });

  it.each([
    [1024, 'low'],
    [3999, 'low'],
    [4000, 'medium'],
    [15999, 'medium'],
    [16000, 'high'],
    [31999, 'high'],
  ] as const)('budget %i → effort %s where only an effort is taken', (budget, effort) => {
    const plan = planReasoning({
      dialect: 'gemini',
      model: 'gemini-2.5-flash',
      intent: { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens: budget + 1000 },
    });
    expect(plan.params).toEqual({ reasoning_effort: effort });
  });

  it('enabled with an explicit output_config.effort uses that effort where only an effort is taken', () => {
    const plan = planReasoning({
      dialect: 'openai',
      model: 'o3',
      intent: { thinking: { type: 'enabled', budget_tokens: 30000 }, effort: 'low', maxTokens: 32000 },
    });
    expect(plan.params).toEqual({ reasoning_effort: 'low' });
  });

  it('an exact budget is kept where taken (OpenRouter google/*)', () => {
    const plan = planReasoning({
      dialect: 'openrouter',
      model: 'google/gemini-2.5-pro',
      intent: { thinking: { type: 'enabled', budget_tokens: 12345 }, maxTokens: 20000 },
    });
    expect(plan.params.reasoning).toEqual({ max_tokens: 12345 });
  });
});

describe('OpenAI o-series and gpt-5', () => {
  it('renames max_tokens, drops sampling parameters and warns that no reasoning text comes back', () => {
    const plan = planReasoning({ dialect: 'openai', model: 'gpt-5-mini', intent: claudeCodeMain });
    expect(plan.maxTokensField).toBe('max_completion_tokens');
    expect(plan.dropParameters).toEqual(['temperature', 'top_p']);
    expect(plan.warnings.join(' ')).toMatch(/no reasoning text/);
  });

  it('o1-mini reasons but takes no reasoning_effort', () => {
    const plan = planReasoning({ dialect: 'openai', model: 'o1-mini', intent: claudeCodeMain });
    expect(plan.params).toEqual({});
    expect(plan.maxTokensField).toBe('max_completion_tokens');
  });

  it('gpt-4o gets nothing reasoning-related and a warning when thinking was asked for', () => {
    const plan = planReasoning({
      dialect: 'openai',
      model: 'gpt-4o-mini',
      intent: claudeCodeMain,
      settings: { verbosity: 'high' },
    });
    expect(plan.params).toEqual({});
    expect(plan.maxTokensField).toBe('max_tokens');
    expect(plan.dropParameters).toEqual([]);
    expect(plan.warnings).toHaveLength(2);
  });

  it('verbosity default sends nothing', () => {
    const plan = planReasoning({
      dialect: 'azure',
      model: 'gpt-5',
      intent: claudeCodeMain,
      settings: { verbosity: 'default' },
    });
    expect(plan.params).toEqual({ reasoning_effort: 'high' });
  });
});

describe('max tokens', () => {
  it('keeps room above an exact budget', () => {
    const plan = planReasoning({
      dialect: 'openrouter',
      model: 'anthropic/claude-haiku-4.5',
      intent: { maxTokens: 1000 },
      settings: { maxTokens: 4000 },
    });
    expect(plan.maxTokens).toBe(5000);
    expect(plan.maxTokens).toBeGreaterThan(plan.budgetTokens ?? Number.POSITIVE_INFINITY);
  });

  it('is capped by the catalog limit', () => {
    const plan = planReasoning({
      dialect: 'deepseek',
      model: 'deepseek-chat',
      intent: claudeCodeMain,
      capabilities: { maxOutputTokens: 8192 },
    });
    expect(plan.maxTokens).toBe(8192);
    expect(plan.warnings.join(' ')).toMatch(/8192 was sent/);
  });

  it('leaves large values alone', () => {
    const plan = planReasoning({ dialect: 'ollama', model: 'gpt-oss:120b', intent: claudeCodeMain });
    expect(plan.maxTokens).toBe(64000);
  });
});

describe('capabilities from the catalog override the built-in table', () => {
  it('a generic endpoint reasons when the catalog says so', () => {
    const plan = planReasoning({
      dialect: 'generic',
      model: 'my-reasoner',
      intent: claudeCodeMain,
      capabilities: { reasoning: true, acceptsReasoningEffort: true },
    });
    expect(plan.params).toEqual({ reasoning_effort: 'high' });
  });

  it('a model the table thinks reasons can be declared plain', () => {
    const plan = planReasoning({
      dialect: 'openrouter',
      model: 'qwen/qwen3-32b',
      intent: claudeCodeMain,
      capabilities: { reasoning: false },
    });
    expect(plan.params).toEqual({ usage: { include: true } });
  });
});

describe('other dialect details', () => {
  it('REASONING_EXCLUDE hides reasoning and tells OpenRouter', () => {
    const plan = planReasoning({
      dialect: 'openrouter',
      model: 'qwen/qwen3-32b',
      intent: claudeCodeMain,
      settings: { exclude: true },
    });
    expect(plan.exposeReasoning).toBe(false);
    expect(plan.params.reasoning).toEqual({ effort: 'high', exclude: true });
  });

  it('REASONING_EXCLUDE is not sent when reasoning is off', () => {
    const plan = planReasoning({
      dialect: 'openrouter',
      model: 'qwen/qwen3-32b',
      intent: haikuSide,
      settings: { exclude: true },
    });
    expect(plan.params.reasoning).toEqual({ enabled: false });
  });

  it('DashScope warns on a non-streaming thinking request', () => {
    const plan = planReasoning({
      dialect: 'dashscope',
      model: 'qwen3-32b',
      intent: claudeCodeMain,
      stream: false,
    });
    expect(plan.warnings.join(' ')).toMatch(/streaming/);
  });

  it('DeepSeek-reasoner cannot be switched off and says so', () => {
    const plan = planReasoning({
      dialect: 'deepseek',
      model: 'deepseek-reasoner',
      intent: { thinking: { type: 'disabled' }, maxTokens: 4096 },
    });
    expect(plan.enabled).toBe(true);
    expect(plan.params.thinking).toBeUndefined();
    expect(plan.warnings.join(' ')).toMatch(/cannot be turned off/);
  });

  it('vLLM merges late system messages into the first', () => {
    expect(
      planReasoning({ dialect: 'vllm', model: 'Qwen/Qwen3-8B', intent: haikuSide }).traits.lateSystemMessages,
    ).toBe('merge-into-first');
  });

  it('an unknown model on a generic endpoint says how to fix it', () => {
    const plan = planReasoning({ dialect: 'generic', model: 'mystery', intent: claudeCodeMain });
    expect(plan.warnings.join(' ')).toMatch(/\{TIER\}_PROVIDER/);
  });
});
