import { describe, expect, it } from 'vitest';
import { applyReasoningPlan } from './apply-reasoning-plan';
import { planReasoning } from './plan-reasoning';

describe('applyReasoningPlan', () => {
  it('renames max_tokens, drops sampling parameters, merges params, leaves the input alone', () => {
    const request = {
      model: 'o3',
      messages: [],
      max_tokens: 64000,
      temperature: 0.5,
      top_p: 0.9,
      stream: true,
    };
    const snapshot = structuredClone(request);
    const plan = planReasoning({
      dialect: 'openai',
      model: 'o3',
      intent: { thinking: { type: 'adaptive' }, effort: 'medium', maxTokens: 64000 },
    });
    const result = applyReasoningPlan(request, plan);
    expect(result).toEqual({
      model: 'o3',
      messages: [],
      stream: true,
      reasoning_effort: 'medium',
      max_completion_tokens: 64000,
    });
    expect(request).toEqual(snapshot);
  });

  it('merges plan objects into existing ones one level deep', () => {
    const request = { model: 'm', max_completion_tokens: 10, chat_template_kwargs: { custom: 1 } };
    const result = applyReasoningPlan(request, {
      params: { chat_template_kwargs: { enable_thinking: false } },
      maxTokensField: 'max_tokens',
      maxTokens: 512,
      dropParameters: [],
    });
    expect(result).toEqual({
      model: 'm',
      max_tokens: 512,
      chat_template_kwargs: { custom: 1, enable_thinking: false },
    });
    expect(request.chat_template_kwargs).toEqual({ custom: 1 });
  });
});
