import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  normalizeOpenRouterModel,
  type OpenRouterModel,
  parseOpenRouterResponse,
} from './openrouter-normalize';

const response: unknown = JSON.parse(
  readFileSync(join(import.meta.dirname, '__fixtures__/openrouter-models-2025-06.json'), 'utf8'),
);
const source = parseOpenRouterResponse(response);

function raw(id: string): OpenRouterModel {
  const model = source.find((entry) => entry.id === id);
  if (!model) throw new Error(`the June 2025 response lacks ${id}`);
  return model;
}

function listsReasoning(model: OpenRouterModel): boolean {
  return (model.supported_parameters ?? []).some(
    (name) => name === 'reasoning' || name === 'include_reasoning',
  );
}

describe('normalizeOpenRouterModel capability flags', () => {
  it.each([
    'openai/o1',
    'openai/o1-mini',
    'openai/o1-pro',
    'openai/o3',
    'openai/o3-mini',
    'openai/o3-pro',
    'openai/o4-mini',
    'openai/o4-mini-high',
    'google/gemini-2.5-pro',
  ])('marks %s as reasoning although the listing does not', (id) => {
    const model = raw(id);
    expect(listsReasoning(model)).toBe(false);
    expect(normalizeOpenRouterModel(model).reasoning).toBe(true);
  });

  it('keeps every listed reasoning model and adds none the traits do not know', () => {
    for (const model of source) {
      const { reasoning } = normalizeOpenRouterModel(model);
      if (listsReasoning(model)) expect(reasoning, model.id).toBe(true);
    }
    expect(normalizeOpenRouterModel(raw('openai/gpt-4o')).reasoning).toBe(false);
    expect(normalizeOpenRouterModel(raw('anthropic/claude-3.5-sonnet')).reasoning).toBe(false);
    expect(normalizeOpenRouterModel(raw('anthropic/claude-2:beta')).reasoning).toBe(false);
    expect(normalizeOpenRouterModel(raw('qwen/qwen-plus')).reasoning).toBe(false);
  });

  it('takes tools and image input as listed, even where the name suggests otherwise', () => {
    // The free Qwen3 route takes no tools, though Qwen3 itself calls them.
    expect(normalizeOpenRouterModel(raw('qwen/qwen3-8b:free')).tools).toBe(false);
    expect(normalizeOpenRouterModel(raw('openai/gpt-4o-search-preview')).tools).toBe(false);
    const o3 = normalizeOpenRouterModel(raw('openai/o3'));
    expect([o3.tools, o3.vision]).toEqual([true, true]);
    const o3Mini = normalizeOpenRouterModel(raw('openai/o3-mini'));
    expect([o3Mini.tools, o3Mini.vision]).toEqual([true, false]);
  });
});
