import { resolveSettings } from '@ccp/config';
import type { AnthropicMessagesRequest } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { resolveRoute } from '../routing/resolve-route';
import { planUpstreamRequest } from './plan-upstream-request';

const request: AnthropicMessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1000,
  messages: [{ role: 'user', content: 'List the files' }],
  tools: [{ name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }],
};

const planFor = (env: Record<string, string>) => {
  const settings = resolveSettings(env);
  return planUpstreamRequest(request, resolveRoute(request.model, settings));
};

describe('planUpstreamRequest', () => {
  it('recovers tool calls written as text only for local servers', () => {
    const local = planFor({ MIDDLE_MODEL: 'ollama/qwen3:8b' });
    expect(local.dialect).toBe('ollama');
    expect(local.responseOptions.recoverTextToolCalls).toEqual({ toolNames: ['Bash'] });
    const hosted = planFor({ PROVIDER_API_KEY: 'sk-x', MIDDLE_MODEL: 'gpt-4o' });
    expect(hosted.dialect).toBe('openai');
    expect(hosted.responseOptions.recoverTextToolCalls).toBeUndefined();
  });

  it('expects an implicitly opened <think> only from vLLM models whose template opens it', () => {
    const vllm = planFor({
      PROVIDER_BASE_URL: 'http://localhost:8000/v1',
      MIDDLE_MODEL: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
    });
    expect(vllm.dialect).toBe('vllm');
    expect(vllm.responseOptions.implicitThinkOpen).toBe(true);
    expect(
      planFor({ MIDDLE_MODEL: 'ollama/deepseek-r1:8b' }).responseOptions.implicitThinkOpen,
    ).toBeUndefined();
  });

  it('passes top_k only to dialects that take it', () => {
    const withTopK = { ...request, top_k: 5 };
    const plan = (env: Record<string, string>) =>
      planUpstreamRequest(withTopK, resolveRoute(withTopK.model, resolveSettings(env)));
    expect(plan({ MIDDLE_MODEL: 'ollama/qwen3:8b' }).body.top_k).toBe(5);
    expect(plan({ PROVIDER_API_KEY: 'sk-x', MIDDLE_MODEL: 'gpt-4o' }).body.top_k).toBeUndefined();
  });

  it('sanitises tool schemas and reports the reported model as the Claude model', () => {
    const plan = planFor({ PROVIDER_API_KEY: 'sk-x', MIDDLE_MODEL: 'gpt-4o' });
    expect(plan.body.model).toBe('gpt-4o');
    expect(plan.responseOptions.model).toBe('claude-sonnet-4-5');
    expect(plan.body.tools?.[0]?.function.name).toBe('Bash');
  });
});
