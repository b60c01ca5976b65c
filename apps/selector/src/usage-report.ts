import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { UsageRecommendation, UsageRow } from '@ccp/catalog';
import type { SelectorSettings } from '@ccp/config';
import { formatModelRow, formatTokenCount } from './format-model';
import type { TerminalStyle } from './terminal-style';

/** What was read from the metering store for usage recommendations. */
export type UsageData = {
  /** The store, as safe to show (no token, no query). */
  database: string;
  days: number;
  /** The user the rows were narrowed to; null for everyone's requests. */
  user: { id: string; username: string } | null;
  rows: UsageRow[];
};

/** A relative `file:` URL means a path from the user's directory, as the proxy started there reads it. */
export function meteringUrl(url: string, baseDirectory: string): string {
  if (!url.startsWith('file:') || url.startsWith('file://') || url.includes(':memory:')) return url;
  const [path = '', query] = url.slice('file:'.length).split('?');
  const absolute = isAbsolute(path) ? path : resolve(baseDirectory, path);
  return `file:${absolute}${query === undefined ? '' : `?${query}`}`;
}

function _describe(url: string): string {
  if (url.startsWith('file:')) return url.split('?')[0] ?? url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(the metering store)';
  }
}

/**
 * Reads the requests of the last `days` days from the proxy's metering store, narrowed to one
 * user (id or username) when asked. Throws a readable error when there is no store to read.
 */
export async function readUsage(options: {
  metering: SelectorSettings['metering'];
  baseDirectory: string;
  days: number;
  user?: string | undefined;
}): Promise<UsageData> {
  const url = meteringUrl(options.metering.url, options.baseDirectory);
  const database = _describe(url);
  if (url.startsWith('file:') && !url.includes(':memory:')) {
    const path = (url.split('?')[0] ?? url).slice('file:'.length);
    if (!existsSync(path)) {
      throw new Error(
        `No metering database at ${path}. Usage recommendations read what the proxy recorded: start it with TRACK_USAGE on (the default), use Claude Code through it, then run this again, or point METERING_DB_URL at the proxy's store.`,
      );
    }
  }
  // Loaded only here, so the other commands start without the database driver.
  const { openMeter } = await import('@ccp/metering');
  const meter = await openMeter({
    url,
    ...(options.metering.authToken ? { authToken: options.metering.authToken } : {}),
    flushIntervalMs: 60_000,
  });
  try {
    let user: UsageData['user'] = null;
    if (options.user !== undefined) {
      const wanted = options.user.trim();
      const users = await meter.listUsers();
      const found = users.find((each) => each.id === wanted || each.username === wanted);
      if (!found) {
        const names = users.map((each) => each.username).join(', ');
        throw new Error(
          `No user "${wanted}" in ${database}. ${names ? `Users: ${names}.` : 'The store has no users: leave --user out to read every request.'}`,
        );
      }
      user = { id: found.id, username: found.username };
    }
    const rows: UsageRow[] = [];
    for await (const row of meter.exportRows(options.days)) {
      if (user !== null && row.userId !== user.id) continue;
      rows.push(row);
    }
    return { database, days: options.days, user, rows };
  } finally {
    await meter.close();
  }
}

function _dollars(value: number | null): string {
  if (value === null) return 'an unknown amount';
  if (value === 0) return '$0';
  if (value < 0.01) return `$${value.toPrecision(2)}`;
  return `$${value.toFixed(2)}`;
}

/** The usage recommendations as text lines, numbered so a user can pick an alternative. */
export function formatUsageReport(
  data: UsageData,
  results: readonly UsageRecommendation[],
  style: TerminalStyle,
): string[] {
  const who = data.user ? `user ${data.user.username}` : 'all users';
  const lines = [
    style.bold(
      `Usage of the last ${data.days} day(s), ${who}: ${data.rows.length} request(s) in ${data.database}`,
    ),
  ];
  if (data.rows.length === 0) {
    lines.push(style.dim('  No requests recorded yet: use Claude Code through the proxy, then ask again.'));
    return lines;
  }
  if (results.length === 0) {
    lines.push(style.dim('  Every request went to a free or local model: there is nothing to save.'));
    return lines;
  }
  let number = 0;
  for (const result of results) {
    const basis =
      result.costBasis === 'recorded'
        ? ''
        : result.costBasis === 'catalog prices'
          ? ' (estimated from catalog prices)'
          : ' (price unknown)';
    lines.push('');
    lines.push(
      `${style.bold(result.model)}${result.provider ? style.dim(` @${result.provider}`) : ''}: ${result.requests} request(s), ${formatTokenCount(result.inputTokens)} in / ${formatTokenCount(result.outputTokens)} out, ${_dollars(result.currentCostUsd)}${basis}`,
    );
    if (result.target.inferred) {
      lines.push(
        style.dim(
          `  not in the catalog: judged by its name (family ${result.target.family ?? 'unknown'}); only free models are sure to cost less`,
        ),
      );
    }
    lines.push(style.dim(`  needs ${result.needs.reasons.join('; ')}`));
    if (result.alternatives.length === 0) {
      lines.push(style.yellow('  no cheaper model in the catalog meets these needs'));
      continue;
    }
    for (const alternative of result.alternatives) {
      number += 1;
      lines.push(
        `${formatModelRow(alternative.model, number, style)}  score ${style.bold(String(alternative.score))}`,
      );
      const saving =
        alternative.savingUsd === null
          ? `would have cost ${_dollars(alternative.projectedCostUsd)}`
          : `${_dollars(alternative.projectedCostUsd)} instead of ${_dollars(result.currentCostUsd)}: saves ${style.green(_dollars(alternative.savingUsd))}${result.currentCostUsd ? ` (${Math.round((alternative.savingUsd / result.currentCostUsd) * 100)}%)` : ''}`;
      lines.push(style.dim(`        ${saving}; ${alternative.reasons.join('; ')}`));
    }
  }
  return lines;
}

/** The alternatives of a report in the order {@link formatUsageReport} numbers them. */
export function numberedAlternatives(results: readonly UsageRecommendation[]): string[] {
  return results.flatMap((result) => result.alternatives.map((alternative) => alternative.model.id));
}
