import { describe, expect, it } from 'vitest';
import { clientRowsFromReport } from './client-test-rows';
import { check, compatRow, notApplicable } from './compat-results';
import { renderMatrix, replaceMatrixSection, sectionEnd, sectionStart } from './render-matrix';

describe('renderMatrix', () => {
  it('writes one table for Claude Code and one for the other clients, failures named in the notes', () => {
    const matrix = renderMatrix({
      date: '2026-12-04',
      node: 'v20.20.2',
      rows: [
        compatRow('@anthropic-ai/claude-code', '1.0.0', [
          check('tool task', true, ''),
          check('thinking', true, 'enabled, budget 8000'),
          notApplicable('count_tokens', 'this version makes no count_tokens call'),
        ]),
        compatRow('@anthropic-ai/claude-code', '2.1.332', [
          check('tool task', false, 'exit 1: API Error | 400'),
          check('thinking', true, 'adaptive'),
          check('count_tokens', true, '3 calls'),
        ]),
        compatRow(
          '@anthropic-ai/sdk',
          '1.14.0',
          [check('json', true, ''), check('tools', true, '')],
          ['with x'],
        ),
      ],
    });
    expect(matrix.split('\n')).toEqual([
      'Made by `pnpm compat` on 2026-12-04 with Node v20.20.2: 2 of 3 pass.',
      '',
      '| client | version | result | tool task | thinking | count_tokens | notes |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| `@anthropic-ai/claude-code` | 1.0.0 | passes | ✓ | ✓ enabled, budget 8000 | — | this version makes no count_tokens call |',
      '| `@anthropic-ai/claude-code` | 2.1.332 | **fails** | ✗ | ✓ adaptive | ✓ 3 calls | tool task failed: exit 1: API Error \\| 400 |',
      '',
      '| client | version | result | json | tools | notes |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `@anthropic-ai/sdk` | 1.14.0 | passes | ✓ | ✓ | with x |',
    ]);
  });
});

describe('replaceMatrixSection', () => {
  it('replaces only what is between the markers', () => {
    const readme = `# ccp\n\n${sectionStart}\nold table\n${sectionEnd}\n\nmore\n`;
    expect(replaceMatrixSection(readme, 'new table')).toBe(
      `# ccp\n\n${sectionStart}\nnew table\n${sectionEnd}\n\nmore\n`,
    );
  });

  it('says which lines to add when the README has no section', () => {
    expect(() => replaceMatrixSection('# ccp\n', 'table')).toThrow(sectionStart);
  });
});

describe('clientRowsFromReport', () => {
  it('makes a row per client block and a check per kind of test, failed when any test of it failed', () => {
    const rows = clientRowsFromReport({
      testResults: [
        {
          name: '/repo/apps/proxy/test/clients/ai-sdk.test.ts',
          assertionResults: [
            {
              ancestorTitles: ['@ai-sdk/anthropic 3.0.140 (ai 6.0.333) through ccp'],
              title: 'json: one',
              status: 'passed',
            },
            {
              ancestorTitles: ['@ai-sdk/anthropic 3.0.140 (ai 6.0.333) through ccp'],
              title: 'tools: a',
              status: 'passed',
            },
            {
              ancestorTitles: ['@ai-sdk/anthropic 3.0.140 (ai 6.0.333) through ccp'],
              title: 'tools: b',
              status: 'failed',
              failureMessages: ['AssertionError: expected 1 to be 2\n    at x'],
            },
            { ancestorTitles: ['helpers'], title: 'not a client', status: 'passed' },
          ],
        },
      ],
    });
    expect(rows).toEqual([
      {
        client: '@ai-sdk/anthropic',
        version: '3.0.140',
        passed: false,
        checks: [
          { name: 'json', status: 'pass', detail: '' },
          { name: 'tools', status: 'fail', detail: 'tools: b: AssertionError: expected 1 to be 2' },
        ],
        notes: ['with ai 6.0.333'],
      },
    ]);
  });

  it('reports a test file that failed to load', () => {
    const rows = clientRowsFromReport({
      testResults: [
        { name: '/repo/test/clients/x.test.ts', message: "Cannot find package 'ai'", assertionResults: [] },
      ],
    });
    expect(rows).toMatchObject([{ client: 'clients/x.test.ts', passed: false }]);
  });
});
