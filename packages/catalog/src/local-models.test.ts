import { describe, expect, it } from 'vitest';
import { defaultLmStudioModels, defaultOllamaModels, localModelFromName } from './local-models';

const endpoint = 'http://localhost:11434/v1';

describe('localModelFromName', () => {
  it.each([
    ['qwen3:8b', { reasoning: true, tools: true, vision: false }],
    ['qwen3-coder:30b', { reasoning: false, tools: true, vision: false }],
    ['magistral:24b', { reasoning: true, tools: false, vision: false }],
    ['deepseek-r1:14b', { reasoning: true, tools: false, vision: false }],
    ['llama3.1:8b', { reasoning: false, tools: true, vision: false }],
    ['qwen2.5vl:7b', { reasoning: false, vision: true }],
    ['qwen2.5-vl:7b', { reasoning: false, vision: true }],
    ['gpt-oss:20b', { reasoning: true, tools: true, vision: false }],
  ])('guesses the capabilities of %s from its name', (name, flags) => {
    expect(localModelFromName('ollama', name, endpoint)).toMatchObject(flags);
  });

  it('keeps the shipped flags for a known model, with or without the :latest tag', () => {
    const shipped = defaultOllamaModels().find((model) => model.id === 'ollama/deepseek-r1:8b');
    const found = localModelFromName('ollama', 'deepseek-r1:8b:latest', endpoint);
    expect([found.reasoning, found.tools, found.vision]).toEqual([
      shipped?.reasoning,
      shipped?.tools,
      shipped?.vision,
    ]);
  });

  it('ships reasoning flags that agree with the names for every default model', () => {
    for (const model of [...defaultOllamaModels(), ...defaultLmStudioModels()]) {
      const [server, name] = [model.source, model.id.slice(model.id.indexOf('/') + 1)] as const;
      if (server === 'openrouter') throw new Error('local defaults are local');
      expect(localModelFromName(server, `${name}-unlisted`, endpoint).reasoning, model.id).toBe(
        model.reasoning,
      );
    }
  });
});
