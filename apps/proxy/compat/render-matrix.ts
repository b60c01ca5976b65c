import type { CompatCheck, CompatResults, CompatRow } from './compat-results';

export const sectionStart = '<!-- compat-matrix:start (written by `pnpm compat`) -->';
export const sectionEnd = '<!-- compat-matrix:end -->';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function cell(item: CompatCheck | undefined): string {
  if (!item) return '';
  if (item.status === 'pass') return item.detail ? `✓ ${escapeCell(item.detail)}` : '✓';
  if (item.status === 'fail') return '✗';
  return '—';
}

/** Failures with what failed, then what does not apply, then the notes. */
function notesOf(row: CompatRow): string {
  const failed = row.checks
    .filter((item) => item.status === 'fail')
    .map(
      (item) =>
        `${item.name} failed: ${item.detail.length > 200 ? `${item.detail.slice(0, 200)}…` : item.detail}`,
    );
  const skipped = row.checks.filter((item) => item.status === 'not-applicable').map((item) => item.detail);
  return escapeCell([...failed, ...skipped, ...row.notes].join('; '));
}

function renderTable(rows: CompatRow[]): string[] {
  const names: string[] = [];
  for (const row of rows)
    for (const item of row.checks) if (!names.includes(item.name)) names.push(item.name);
  const lines = [
    `| client | version | result | ${names.join(' | ')} | notes |`,
    `| --- | --- | --- | ${names.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const row of rows) {
    const cells = names.map((name) => cell(row.checks.find((item) => item.name === name)));
    lines.push(
      `| \`${row.client}\` | ${row.version} | ${row.passed ? 'passes' : '**fails**'} | ${cells.join(' | ')} | ${notesOf(row)} |`,
    );
  }
  return lines;
}

/**
 * The matrix as Markdown: one table for the Claude Code versions and one for the other clients
 * (their checks differ), under a line with the date and the Node version it was made with.
 */
export function renderMatrix(results: CompatResults): string {
  const cli = results.rows.filter((row) => row.client === '@anthropic-ai/claude-code');
  const others = results.rows.filter((row) => row.client !== '@anthropic-ai/claude-code');
  const passed = results.rows.filter((row) => row.passed).length;
  const lines = [
    `Made by \`pnpm compat\` on ${results.date} with Node ${results.node}: ${passed} of ${results.rows.length} pass.`,
    '',
  ];
  if (cli.length > 0) lines.push(...renderTable(cli), '');
  if (others.length > 0) lines.push(...renderTable(others), '');
  return lines.join('\n').trimEnd();
}

/** `document` with the text between the matrix markers replaced by `matrix`; throws when a marker is missing. */
export function replaceMatrixSection(document: string, matrix: string): string {
  const start = document.indexOf(sectionStart);
  const end = document.indexOf(sectionEnd);
  if (start < 0 || end < start) {
    throw new Error(`the README has no compatibility section: add the lines\n${sectionStart}\n${sectionEnd}`);
  }
  return `${document.slice(0, start + sectionStart.length)}\n${matrix}\n${document.slice(end)}`;
}
