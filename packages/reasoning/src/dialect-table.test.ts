import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  claudeRequests,
  type DialectTableRow,
  describeDialects,
  dialectTable,
  planTableRow,
  settingsExamples,
} from './__fixtures__/dialect-table';
import { planReasoning } from './plan-reasoning';
import { providerDialects } from './provider-dialect';
import type { ReasoningPlan } from './reasoning-types';

function _rowName(row: DialectTableRow): string {
  return `${row.dialect} ${row.model} | ${row.request} | ${row.settings}`;
}

describe('the per-family table: Claude intent × settings × model × dialect → exact upstream params', () => {
  it.each(dialectTable.map((row) => [_rowName(row), row] as const))('%s', (_name, row) => {
    const plan = planTableRow(row);
    expect(plan.params).toEqual(row.expected.params);
    expect(plan.maxTokensField).toBe(row.expected.maxTokensField ?? 'max_tokens');
    expect(plan.maxTokens).toBe(row.expected.maxTokens);
    expect(plan.dropParameters).toEqual(row.expected.dropParameters ?? []);
    expect(plan.exposeReasoning).toBe(row.settings !== 'exclude');
  });

  it('covers every dialect with every Claude request kind somewhere', () => {
    for (const dialect of providerDialects) {
      const rows = dialectTable.filter((row) => row.dialect === dialect);
      expect(rows.length, dialect).toBeGreaterThan(0);
    }
    for (const request of Object.keys(claudeRequests)) {
      expect(dialectTable.some((row) => row.request === request)).toBe(true);
    }
    for (const settings of Object.keys(settingsExamples)) {
      expect(dialectTable.some((row) => row.settings === settings)).toBe(true);
    }
  });

  it('has no duplicate rows', () => {
    const names = dialectTable.map(_rowName);
    expect(new Set(names).size).toBe(names.length);
  });
});

/** Cells of a markdown table, so the comparison survives the formatter's column alignment. */
function _cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/^-{3,}$/, '---')),
    );
}

describe('README table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = '<!-- dialect-table:start -->';
  const end = '<!-- dialect-table:end -->';
  const table = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end));

  it('is what describeDialects renders (run `pnpm --filter @ccp/reasoning docs` after changes)', () => {
    expect(readme.includes(start)).toBe(true);
    expect(_cells(table)).toEqual(_cells(describeDialects()));
  });

  it('has one row per table entry, each naming the params planReasoning produces', () => {
    const rows = _cells(table).slice(2);
    expect(rows).toHaveLength(dialectTable.length);
    dialectTable.forEach((entry, index) => {
      const plan = planTableRow(entry);
      const sent = rows[index]?.[4] ?? '';
      expect(rows[index]?.[1]).toBe(`\`${entry.model}\``);
      expect(sent).toContain(`\`${plan.maxTokensField}: ${plan.maxTokens}\``);
      if (Object.keys(plan.params).length > 0) expect(sent).toContain(JSON.stringify(plan.params));
    });
  });
});

/** Never contradictory reasoning parameters, whatever the combination. */
describe('no contradictory parameters across every intent × setting × table model', () => {
  const intents = [
    ...Object.values(claudeRequests).map((request) => request.intent),
    { thinking: { type: 'adaptive' as const }, effort: 'max' as const, maxTokens: 1000 },
    { thinking: { type: 'enabled' as const, budget_tokens: 1024 }, maxTokens: 1025 },
    { effort: 'low' as const, maxTokens: 100 },
  ];
  const settingsList = [
    ...Object.values(settingsExamples).map((example) => example.settings),
    { effort: 'high' as const, maxTokens: 50_000, exclude: true },
    { maxTokens: 10 },
  ];
  const models = [...new Map(dialectTable.map((row) => [`${row.dialect} ${row.model}`, row])).values()];
  const plans: Array<[string, ReasoningPlan]> = [];
  for (const row of models) {
    for (const intent of intents) {
      for (const settings of settingsList) {
        plans.push([
          `${row.dialect} ${row.model} ${JSON.stringify(intent)} ${JSON.stringify(settings)}`,
          planReasoning({ dialect: row.dialect, model: row.model, intent, settings }),
        ]);
      }
    }
  }

  it('OpenRouter: never effort with max_tokens, never enabled:false with anything else', () => {
    for (const [name, plan] of plans) {
      const reasoning = plan.params.reasoning as Record<string, unknown> | undefined;
      if (!reasoning) continue;
      expect('effort' in reasoning && 'max_tokens' in reasoning, name).toBe(false);
      if (reasoning.enabled === false) expect(Object.keys(reasoning), name).toEqual(['enabled']);
    }
  });

  it('DeepSeek: never thinking disabled next to an effort', () => {
    for (const [name, plan] of plans) {
      const thinking = plan.params.thinking as { type?: string } | undefined;
      if (thinking?.type === 'disabled') expect(plan.params.reasoning_effort, name).toBeUndefined();
    }
  });

  it('the max tokens field always exceeds an exact budget, and is never below the client value', () => {
    for (const [name, plan] of plans) {
      if (plan.budgetTokens !== undefined) expect(plan.maxTokens, name).toBeGreaterThan(plan.budgetTokens);
      expect(plan.maxTokens, name).toBeGreaterThanOrEqual(100);
    }
  });

  it('a switched-off plan sends no effort (except `none`)', () => {
    for (const [name, plan] of plans) {
      if (plan.enabled) continue;
      const effort = plan.params.reasoning_effort;
      if (effort !== undefined) expect(effort, name).toBe('none');
      expect((plan.params.reasoning as Record<string, unknown> | undefined)?.effort, name).toBeUndefined();
    }
  });
});
