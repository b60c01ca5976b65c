import { type CompatCheck, type CompatRow, check, compatRow } from './compat-results';

/** The part of vitest's JSON report these rows are made from. */
export interface VitestJsonReport {
  testResults: Array<{
    name: string;
    message?: string;
    assertionResults: Array<{
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages?: string[];
    }>;
  }>;
}

/** `<package> <version> [(<companions>)] through ccp`, the title each client's describe block has. */
const suiteTitle = /^(\S+) (\d[^\s]*)(?: \((.+)\))? through ccp$/;

/**
 * Rows for the clients driven by the test suite (test/clients): one per describe block, one check
 * per kind of test (the words before the colon of each test's title: `json`, `streaming`, `tools`).
 * A check passes when every test of its kind passed.
 */
export function clientRowsFromReport(report: VitestJsonReport): CompatRow[] {
  const rows: CompatRow[] = [];
  for (const file of report.testResults) {
    const suites = new Map<string, VitestJsonReport['testResults'][number]['assertionResults']>();
    for (const result of file.assertionResults) {
      const title = result.ancestorTitles[0] ?? '';
      suites.set(title, [...(suites.get(title) ?? []), result]);
    }
    for (const [title, results] of suites) {
      const match = suiteTitle.exec(title);
      if (!match) continue;
      const checks: CompatCheck[] = [];
      for (const result of results) {
        const name = result.title.split(':')[0] ?? result.title;
        const failure =
          result.status === 'passed' ? undefined : (result.failureMessages?.[0] ?? result.status);
        const existing = checks.find((item) => item.name === name);
        if (!existing) {
          checks.push(
            check(name, failure === undefined, failure ? `${result.title}: ${firstLine(failure)}` : ''),
          );
        } else if (failure && existing.status === 'pass') {
          existing.status = 'fail';
          existing.detail = `${result.title}: ${firstLine(failure)}`;
        }
      }
      rows.push(compatRow(match[1]!, match[2]!, checks, match[3] ? [`with ${match[3]}`] : []));
    }
    if (suites.size === 0 && file.message) {
      rows.push(
        compatRow(file.name.split('/').slice(-2).join('/'), '?', [
          check('load', false, firstLine(file.message)),
        ]),
      );
    }
  }
  return rows;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim().length > 0) ?? text).trim();
}
