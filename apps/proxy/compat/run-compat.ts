/**
 * The compatibility matrix: installs every Claude Code version of claude-code-versions.json from
 * npm into a cache outside the repository, runs the same tool-using task through ccp (against the
 * in-repo fake upstream) with each, runs the other clients' tests (test/clients), then writes
 * compat/results.json, the table in the README, and one replay fixture per version in
 * compat/__fixtures__/.
 *
 * @example
 *   pnpm compat                          # everything, from the repository root
 *   pnpm compat --only 2.1.197,1.0.0     # some versions; fixtures only, README untouched
 *   pnpm compat --skip-clients --cache /var/cache/ccp-compat
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildClaudeCodeFixture, storeClaudeCodeFixture } from './claude-code-fixture';
import { clientRowsFromReport, type VitestJsonReport } from './client-test-rows';
import { type CompatResults, type CompatRow, check, compatRow } from './compat-results';
import { evaluateClaudeCodeSession } from './evaluate-claude-code';
import { installClaudeCode } from './install-claude-code';
import { renderMatrix, replaceMatrixSection } from './render-matrix';
import { runClaudeCodeSession } from './run-claude-code';

const here = dirname(fileURLToPath(import.meta.url));
const appDirectory = join(here, '..');
const readmePath = join(appDirectory, '..', '..', 'README.md');
const fixturesDirectory = join(here, '__fixtures__');

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    cache: { type: 'string', default: join(homedir(), '.cache', 'ccp-compat') },
    'skip-clients': { type: 'boolean', default: false },
  },
});

const versions = Object.keys(
  JSON.parse(readFileSync(join(here, 'claude-code-versions.json'), 'utf8')) as Record<string, string>,
);
const only = values.only?.split(',').map((version) => version.trim());
const selected = only ? versions.filter((version) => only.includes(version)) : versions;
const unknown = only?.filter((version) => !versions.includes(version)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `not in compat/claude-code-versions.json: ${unknown.join(', ')}; add them there first\n`,
  );
  process.exit(2);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function claudeCodeRow(version: string): Promise<CompatRow> {
  let binary: string;
  try {
    binary = (await installClaudeCode(version, values.cache)).binary;
  } catch (error) {
    return compatRow('@anthropic-ai/claude-code', version, [
      check('install', false, error instanceof Error ? error.message : String(error)),
    ]);
  }
  const session = await runClaudeCodeSession(binary);
  const row = evaluateClaudeCodeSession(version, session);
  if (!row.passed) {
    // What ccp itself said helps tell a ccp bug from a CLI that changed.
    for (const line of session.proxyLogs.filter((entry) => /^(warn|error) /.test(entry)).slice(-20)) {
      log(`  ccp: ${line}`);
    }
  }
  const fixture = buildClaudeCodeFixture(version, session.exchanges, {
    replacements: [
      [session.machineStrings.workDirectory, '/tmp/work'],
      [session.machineStrings.home, '/home/user'],
      [values.cache, '/home/user/.cache/ccp-compat'],
      [homedir(), '/home/user'],
      [hostname(), 'host'],
      ...(userInfo().username === 'root' ? [] : ([[userInfo().username, 'user']] as Array<[string, string]>)),
    ],
    today: new Date(),
  });
  if (fixture) {
    mkdirSync(fixturesDirectory, { recursive: true });
    const path = join(fixturesDirectory, `claude-code-${version}.json`);
    writeFileSync(path, `${JSON.stringify(storeClaudeCodeFixture(fixture), null, 2)}\n`);
  } else {
    row.notes.push('no fixture: the run never sent a turn with a tool result');
  }
  return row;
}

/** Runs test/clients with vitest's JSON reporter and turns its report into rows. */
async function clientRows(): Promise<CompatRow[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'ccp-compat-report-'));
  const reportPath = join(scratch, 'report.json');
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'pnpm',
        ['exec', 'vitest', 'run', 'test/clients', '--reporter=json', `--outputFile.json=${reportPath}`],
        { cwd: appDirectory, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      child.on('error', () => resolve(null));
      child.on('close', resolve);
    });
    let report: VitestJsonReport;
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport;
    } catch {
      return [
        compatRow('test/clients', '?', [
          check('run', false, `vitest exited with ${code} and wrote no report`),
        ]),
      ];
    }
    return clientRowsFromReport(report);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function describeRow(row: CompatRow): string {
  const failed = row.checks.filter((item) => item.status === 'fail');
  return failed.length === 0
    ? `${row.client} ${row.version}: passes`
    : `${row.client} ${row.version}: FAILS ${failed.map((item) => `${item.name} (${item.detail})`).join('; ')}`;
}

const rows: CompatRow[] = [];
for (const version of selected) {
  log(`Claude Code ${version}…`);
  const row = await claudeCodeRow(version);
  rows.push(row);
  log(`  ${describeRow(row)}`);
}
if (!values['skip-clients']) {
  log('Other clients (test/clients)…');
  for (const row of await clientRows()) {
    rows.push(row);
    log(`  ${describeRow(row)}`);
  }
}

const results: CompatResults = { date: new Date().toISOString().slice(0, 10), node: process.version, rows };
if (only || values['skip-clients']) {
  log('Part of the matrix only: fixtures written, README and results.json left as they were.');
} else {
  writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(readmePath, replaceMatrixSection(readFileSync(readmePath, 'utf8'), renderMatrix(results)));
  log('Wrote compat/results.json and the table in README.md.');
}
process.exitCode = rows.every((row) => row.passed) ? 0 : 1;
