import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import { loadShippedCatalog } from './load-catalog';
import { MODE_SETTING_NAMES } from './mode-settings';
import { applyTemplate, findTemplate, listTemplates } from './templates';

const catalog = createCatalog((await loadShippedCatalog()).models);

describe('templates', () => {
  it('are eleven, with kebab-case ids, descriptions and requirements', () => {
    const templates = listTemplates();
    expect(templates.map((template) => template.id)).toEqual([
      'openrouter-free',
      'local-free',
      'development',
      'production',
      'reasoning-intensive',
      'vision-multimodal',
      'fast-inference',
      'local-reasoning',
      'budget-conscious',
      'lm-studio',
      'research',
    ]);
    for (const template of templates) {
      expect(template.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(template.description.length).toBeGreaterThan(10);
      expect(template.requires.length).toBeGreaterThan(0);
    }
  });

  it('only use models that exist in the snapshot, with the capabilities their names promise', () => {
    for (const template of listTemplates()) {
      const ids = [template.config.bigModel, template.config.middleModel, template.config.smallModel];
      for (const id of ids) expect(catalog.findModel(id), `${template.id}: ${id}`).toBeDefined();
    }
    const free = findTemplate('openrouter-free');
    expect(
      [free?.config.bigModel, free?.config.middleModel, free?.config.smallModel].every(
        (id) => catalog.findModel(id ?? '')?.free,
      ),
    ).toBe(true);
    expect(free?.requires).toEqual(['openrouter-api-key']);
    const vision = findTemplate('vision-multimodal');
    expect(
      [vision?.config.bigModel, vision?.config.middleModel, vision?.config.smallModel].every(
        (id) => catalog.findModel(id ?? '')?.vision,
      ),
    ).toBe(true);
    const local = findTemplate('local-reasoning');
    expect(catalog.findModel(local?.config.bigModel ?? '')?.reasoning).toBe(true);
    expect(local?.requires).toEqual(['ollama-running']);
    const lmStudio = findTemplate('lm-studio');
    expect(
      [lmStudio?.config.bigModel, lmStudio?.config.middleModel, lmStudio?.config.smallModel].every(
        (id) => catalog.findModel(id ?? '')?.source === 'lmstudio',
      ),
    ).toBe(true);
  });

  it('never put a model without tool support on a tier: Claude Code sends tools to all three', () => {
    const offenders: string[] = [];
    for (const template of listTemplates()) {
      for (const [tier, id] of Object.entries({
        big: template.config.bigModel,
        middle: template.config.middleModel,
        small: template.config.smallModel,
      })) {
        if (catalog.findModel(id)?.tools !== true) offenders.push(`${template.id} ${tier}: ${id}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('offer a free template that needs no key and costs nothing, and keep the old free-tier id', () => {
    const local = findTemplate('local-free');
    const models = [local?.config.bigModel, local?.config.middleModel, local?.config.smallModel];
    for (const id of models) {
      expect(catalog.findModel(id ?? ''), id).toMatchObject({ local: true, free: true, tools: true });
    }
    expect(local?.requires).toEqual(['ollama-running']);
    expect(local?.config.baseUrl).toBe('http://localhost:11434/v1');
    expect(findTemplate('free-tier')?.id).toBe('openrouter-free');
    expect(applyTemplate('FREE-TIER')).toEqual(applyTemplate('openrouter-free'));
  });

  it('applying one yields settings keyed by the variables the proxy reads', () => {
    const settings = applyTemplate('Reasoning-Intensive');
    const template = findTemplate('reasoning-intensive');
    expect(settings).toEqual({
      PROVIDER_BASE_URL: template?.config.baseUrl,
      BIG_MODEL: template?.config.bigModel,
      MIDDLE_MODEL: template?.config.middleModel,
      SMALL_MODEL: template?.config.smallModel,
      REASONING_EFFORT: 'high',
      REASONING_MAX_TOKENS: String(template?.config.reasoningMaxTokens),
    });
    for (const key of Object.keys(settings)) expect(MODE_SETTING_NAMES).toContain(key);
    expect(() => applyTemplate('nope')).toThrow(/Available templates: openrouter-free, local-free,/);
  });
});
