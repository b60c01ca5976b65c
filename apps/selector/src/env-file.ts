import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@ccp/catalog';

const ASSIGNMENT = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_]*)(\s*)=(.*)$/;

/** Where a quoted value ends: the index of its closing quote, honouring `\"` inside double quotes; -1 if unclosed. */
function closingQuote(text: string, quote: string): number {
  for (let index = 1; index < text.length; index++) {
    const character = text[index];
    if (quote === '"' && character === '\\') index++;
    else if (character === quote) return index;
  }
  return -1;
}

function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const end = closingQuote(value, quote);
    const body = end === -1 ? value.slice(1) : value.slice(1, end);
    return quote === '"'
      ? body.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped))
      : body;
  }
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}

/**
 * Reads `KEY=value` lines of `.env` text (comments, `export`, quotes); later lines win.
 *
 * @example
 * parseEnvironmentText('# note\nBIG_MODEL="openai/gpt-4o"\n'); // { BIG_MODEL: 'openai/gpt-4o' }
 */
export function parseEnvironmentText(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line);
    if (match?.[3] !== undefined) values[match[3]] = unquote(match[5] ?? '');
  }
  return values;
}

/** The ` # comment` after a value, kept when the value is replaced. */
function inlineComment(raw: string): string {
  const trimmed = raw.trimStart();
  const quote = trimmed[0];
  if (quote === '"' || quote === "'") {
    const end = closingQuote(trimmed, quote);
    if (end === -1) return '';
    const rest = trimmed.slice(end + 1);
    return /^\s+#/.test(rest) ? rest : '';
  }
  const comment = raw.search(/\s+#/);
  return comment === -1 ? '' : raw.slice(comment);
}

/**
 * Quotes a value only when `.env` parsers would misread it bare. Plain double quotes when
 * possible, single quotes (literal everywhere) for values holding `"`, escapes only as a last resort.
 */
export function formatEnvironmentValue(value: string): string {
  if (value !== '' && !/[\s#"'\\=`]/.test(value)) return value;
  if (!/["\\\n]/.test(value)) return `"${value}"`;
  if (!/['\n]/.test(value)) return `'${value}'`;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/**
 * Applies updates to `.env` text and keeps everything else byte for byte: comments, blank
 * lines, other keys and their order. A key that exists is changed in place (every active
 * occurrence, so a later duplicate cannot override it); a new key is appended; a key set to
 * `undefined` is commented out rather than deleted, so the user's old value stays visible.
 *
 * @example
 * updateEnvironmentText('# mine\nBIG_MODEL=a\n', { BIG_MODEL: 'b', SMALL_MODEL: 'c' }, 'ccp-select');
 */
export function updateEnvironmentText(
  text: string,
  updates: Record<string, string | undefined>,
  addedBy: string,
): string {
  const lineEnding = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const endsWithNewline = text === '' || text.endsWith('\n');
  if (endsWithNewline && lines.at(-1) === '') lines.pop();
  const seen = new Set<string>();
  const output = lines.map((line) => {
    const match = ASSIGNMENT.exec(line);
    const key = match?.[3];
    if (!match || key === undefined || !(key in updates)) return line;
    seen.add(key);
    const value = updates[key];
    if (value === undefined) return `# ${line.trimStart()}  # cleared by ${addedBy}`;
    return `${match[1] ?? ''}${match[2] ?? ''}${key}${match[4] ?? ''}=${formatEnvironmentValue(value)}${inlineComment(match[5] ?? '')}`;
  });
  const added = Object.entries(updates).filter(([key, value]) => value !== undefined && !seen.has(key));
  if (added.length > 0) {
    if (output.length > 0 && output.at(-1)?.trim() !== '') output.push('');
    output.push(`# Added by ${addedBy}`);
    for (const [key, value] of added) output.push(`${key}=${formatEnvironmentValue(value ?? '')}`);
  }
  return output.length === 0 ? '' : `${output.join(lineEnding)}${lineEnding}`;
}

/** `2025-07-01T12:30:05.123Z` → `20250701T123005Z`, safe in file names on every platform. */
export function backupTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export type WriteEnvironmentResult = { path: string; backupPath: string | undefined; changedKeys: string[] };

/**
 * Updates a `.env` file in place (atomically), first copying it to `.env.backup-<timestamp>`.
 *
 * @example
 * await writeEnvironmentFile('.env', { BIG_MODEL: 'openai/gpt-4o' }, new Date());
 */
export async function writeEnvironmentFile(
  path: string,
  updates: Record<string, string | undefined>,
  now: Date,
): Promise<WriteEnvironmentResult> {
  let original: string | undefined;
  try {
    original = await readFile(path, 'utf8');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  let backupPath: string | undefined;
  if (original !== undefined) {
    backupPath = `${path}.backup-${backupTimestamp(now)}`;
    await writeFileAtomic(backupPath, original, { fileMode: 0o600 });
  }
  const before = parseEnvironmentText(original ?? '');
  const next = updateEnvironmentText(original ?? '', updates, `ccp-select on ${now.toISOString()}`);
  await writeFileAtomic(path, next, { fileMode: 0o600 });
  const changedKeys = Object.keys(updates).filter((key) => before[key] !== updates[key]);
  return { path, backupPath, changedKeys };
}

/** Reads a `.env` file; a missing file is empty. */
export async function readEnvironmentFile(path: string): Promise<Record<string, string>> {
  try {
    return parseEnvironmentText(await readFile(path, 'utf8'));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {};
    throw error;
  }
}
