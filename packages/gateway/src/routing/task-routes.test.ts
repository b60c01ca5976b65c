import { readFileSync } from 'node:fs';
import type { AnthropicMessagesRequest } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { chooseTaskRoute, hasImages, type TaskRouteContext, type TaskRoutingSettings } from './task-routes';

const everyRoute: TaskRoutingSettings = {
  routes: {
    background: { model: 'bg-model' },
    thinking: { model: 'think-model' },
    longContext: { model: 'long-model', thresholdTokens: 60_000 },
    webSearch: { model: 'search-model' },
    images: { model: 'vision-model' },
  },
  endpoints: {
    openrouter: { baseUrl: 'https://openrouter.ai/api/v1', apiKey: 'sk-or' },
    my_azure: {
      baseUrl: 'https://x.openai.azure.com/openai/deployments/d',
      apiKey: 'az',
      azureApiVersion: '2024-10-21',
    },
  },
};

const image = {
  type: 'image' as const,
  source: { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo=' },
};
const webSearchTool = { type: 'web_search_20250305', name: 'web_search', max_uses: 8 };
const customTool = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } };

type Features = {
  model?: string;
  thinking?: AnthropicMessagesRequest['thinking'];
  images?: boolean;
  webSearch?: boolean;
};

function request(features: Features = {}): AnthropicMessagesRequest {
  return {
    model: features.model ?? 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [
      { role: 'user', content: features.images ? [{ type: 'text', text: 'look' }, image] : 'hello' },
    ],
    tools: features.webSearch ? [customTool, webSearchTool] : [customTool],
    ...(features.thinking ? { thinking: features.thinking } : {}),
  };
}

const base: TaskRouteContext = { tier: 'middle', estimatedInputTokens: 1000, routedModelHasVision: true };

describe('chooseTaskRoute: one rule at a time', () => {
  const table: Array<
    [
      name: string,
      features: Features,
      context: Partial<TaskRouteContext>,
      rule: string | null,
      model?: string,
    ]
  > = [
    ['a plain sonnet request keeps the tier', {}, {}, null],
    ['haiku tier → background', {}, { tier: 'small' }, 'background', 'bg-model'],
    [
      'thinking enabled → thinking',
      { thinking: { type: 'enabled', budget_tokens: 2048 } },
      {},
      'thinking',
      'think-model',
    ],
    ['adaptive thinking → thinking', { thinking: { type: 'adaptive' } }, {}, 'thinking', 'think-model'],
    ['thinking disabled keeps the tier', { thinking: { type: 'disabled' } }, {}, null],
    ['at the threshold keeps the tier', {}, { estimatedInputTokens: 60_000 }, null],
    ['over the threshold → long context', {}, { estimatedInputTokens: 60_001 }, 'long-context', 'long-model'],
    ['a web_search tool → web search', { webSearch: true }, {}, 'web-search', 'search-model'],
    [
      'images with a blind model → images',
      { images: true },
      { routedModelHasVision: false },
      'images',
      'vision-model',
    ],
    ['images with a seeing model keep the tier', { images: true }, { routedModelHasVision: true }, null],
    ['images with unknown vision keep the tier', { images: true }, { routedModelHasVision: null }, null],
  ];
  for (const [name, features, context, rule, model] of table) {
    it(name, () => {
      const choice = chooseTaskRoute(request(features), { ...base, ...context }, everyRoute);
      expect(choice.rule).toBe(rule);
      expect(choice.target?.model).toBe(model);
    });
  }

  it('does not return the threshold as part of the long-context target', () => {
    const choice = chooseTaskRoute(request(), { ...base, estimatedInputTokens: 100_000 }, everyRoute);
    expect(choice.target).toEqual({ model: 'long-model' });
  });
});

describe('chooseTaskRoute: precedence (explicit > long-context > images > web-search > background > thinking)', () => {
  const all: Features = { thinking: { type: 'adaptive' }, images: true, webSearch: true };
  const allContext: TaskRouteContext = {
    tier: 'small',
    estimatedInputTokens: 90_000,
    routedModelHasVision: false,
  };
  const order = ['long-context', 'images', 'web-search', 'background', 'thinking'] as const;
  const routeKey = {
    'long-context': 'longContext',
    images: 'images',
    'web-search': 'webSearch',
    background: 'background',
    thinking: 'thinking',
  } as const;

  it('an explicit endpoint,model wins over every rule', () => {
    const choice = chooseTaskRoute(
      request({ ...all, model: 'OpenRouter,openai/gpt-5' }),
      allContext,
      everyRoute,
    );
    expect(choice).toEqual({
      rule: 'explicit',
      target: {
        model: 'openai/gpt-5',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKey: 'sk-or',
        endpointName: 'openrouter',
      },
    });
  });

  it('with every rule matching, each rule wins once the ones above it are unset', () => {
    const routes = { ...everyRoute.routes };
    for (const rule of order) {
      const choice = chooseTaskRoute(request(all), allContext, { ...everyRoute, routes });
      expect(choice.rule).toBe(rule);
      delete routes[routeKey[rule]];
    }
    expect(chooseTaskRoute(request(all), allContext, { ...everyRoute, routes }).rule).toBeNull();
  });

  it('a rule without a configured route never matches', () => {
    const choice = chooseTaskRoute(request(all), allContext, { routes: {}, endpoints: everyRoute.endpoints });
    expect(choice).toEqual({ rule: null });
  });
});

describe('chooseTaskRoute: explicit model names', () => {
  it('carries the Azure version of the named endpoint', () => {
    const choice = chooseTaskRoute(request({ model: 'my-azure,gpt-4o' }), base, everyRoute);
    expect(choice.target).toMatchObject({
      model: 'gpt-4o',
      azureApiVersion: '2024-10-21',
      endpointName: 'my_azure',
    });
  });

  it('explains an unknown endpoint instead of sending "a,b" upstream', () => {
    const choice = chooseTaskRoute(request({ model: 'deepseek,deepseek-chat' }), base, everyRoute);
    expect(choice.rule).toBeNull();
    expect(choice.problem).toContain('ENDPOINT_DEEPSEEK_URL');
    expect(choice.problem).toContain('openrouter');
  });

  it('explains an empty model after the comma', () => {
    expect(chooseTaskRoute(request({ model: 'openrouter,' }), base, everyRoute).problem).toContain(
      'empty model',
    );
  });
});

describe('hasImages', () => {
  it('finds a screenshot inside a tool result', () => {
    expect(
      hasImages([
        { role: 'user', content: 'take a screenshot' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Screenshot', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [image] }] },
      ]),
    ).toBe(true);
  });

  it('ignores text-only conversations and string tool results', () => {
    expect(
      hasImages([
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'no image here' }],
        },
      ]),
    ).toBe(false);
  });
});

describe('the real Claude Code first turn', () => {
  const fixture = new URL('../__fixtures__/claude-code-first-turn.json', import.meta.url);
  const captured = JSON.parse(readFileSync(fixture, 'utf8')) as AnthropicMessagesRequest;

  it('goes to the thinking route (Claude Code sends adaptive thinking on main turns)', () => {
    const choice = chooseTaskRoute(captured, { ...base, tier: 'big' }, everyRoute);
    expect(captured.thinking?.type).toBe('adaptive');
    expect(choice.rule).toBe('thinking');
  });

  it('has no web search server tool and no image', () => {
    const routes = { webSearch: everyRoute.routes.webSearch, images: everyRoute.routes.images };
    const choice = chooseTaskRoute(
      captured,
      { ...base, routedModelHasVision: false },
      { ...everyRoute, routes },
    );
    expect(choice).toEqual({ rule: null });
  });
});
