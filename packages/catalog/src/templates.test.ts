import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import { loadShippedCatalog } from './load-catalog';
import { MODE_SETTING_NAMES } from './mode-settings';
import { applyTemplate, findTemplate, listTemplates } from './templates';

const catalog = createCatalog((await loadShippedCatalog()).models);

describe('templates', () => {
  it('are ten, with kebab-case ids, descriptions and requirements', () => {
    const templates = listTemplates();
    expect(templates.map((template) => template.id)).toEqual([
      'free-tier',
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
    const free = findTemplate('free-tier');
    expect(
      [free?.config.bigModel, free?.config.middleModel, free?.config.smallModel].every(
        (id) => catalog.findModel(id ?? '')?.free,
      ),
    ).toBe(true);
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
    expect(() => applyTemplate('nope')).toThrow(/Available templates: free-tier/);
  });
});
