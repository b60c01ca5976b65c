import type { ReasoningPlan } from './reasoning-types';

function _isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a new OpenAI request with the plan applied: the reasoning fields merged (objects such as
 * `chat_template_kwargs` merged one level deep), the max tokens field named and sized as the plan
 * says, and the parameters the model rejects removed. The input is not changed.
 *
 * @example
 * const plan = planReasoning({ dialect: 'openai', model: 'gpt-5', intent: { maxTokens: 1000 } });
 * applyReasoningPlan({ model: 'gpt-5', messages: [], max_tokens: 1000, temperature: 0.2 }, plan);
 * // { model: 'gpt-5', messages: [], reasoning_effort: 'minimal', max_completion_tokens: 2024 }
 */
export function applyReasoningPlan(
  openaiRequest: Record<string, unknown>,
  plan: Pick<ReasoningPlan, 'params' | 'maxTokensField' | 'maxTokens' | 'dropParameters'>,
): Record<string, unknown> {
  const request: Record<string, unknown> = { ...openaiRequest };
  delete request.max_tokens;
  delete request.max_completion_tokens;
  for (const name of plan.dropParameters) delete request[name];
  for (const [key, value] of Object.entries(plan.params)) {
    const existing = request[key];
    request[key] = _isPlainObject(existing) && _isPlainObject(value) ? { ...existing, ...value } : value;
  }
  request[plan.maxTokensField] = plan.maxTokens;
  return request;
}
