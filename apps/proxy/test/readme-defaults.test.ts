import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveLoggingSettings, resolveSettings, type Settings, TIER_NAMES } from '@ccp/config';
import { describe, expect, it } from 'vitest';

// The README's table of essential settings promises what `pnpm start` runs with when nothing is
// configured, and what changes once a provider key is set. Both are checked against the resolver
// the proxy starts with, so the table cannot drift from the code.

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

type Row = { variables: string; defaults: string };

/** The rows of the table whose header is `| variable | default | meaning |`. */
function defaultsTable(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => /^\|\s*variable\s*\|\s*default\s*\|\s*meaning\s*\|/.test(line));
  if (header < 0) throw new Error('README.md has no "| variable | default | meaning |" table');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    // Cells split on pipes that are not escaped as `\|`.
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    rows.push({ variables: cells[0] ?? '', defaults: cells[1] ?? '' });
  }
  return rows;
}

/** What a default cell promises: values in backticks, or `—` for not set, or `off`. */
type Promised = string[] | 'unset' | 'off';

/**
 * A cell reads "<nothing configured>; with a key: <once PROVIDER_API_KEY is set>", either part
 * with remarks in parentheses, which are not values.
 */
function promised(cell: string): { nothingConfigured: Promised; withKey: Promised | undefined } {
  const [first = '', ...rest] = cell.split(/;\s*with a key:\s*/);
  const read = (part: string): Promised => {
    const withoutRemarks = part.replace(/\([^)]*\)/g, '').trim();
    const values = [...withoutRemarks.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
    if (values.length > 0) return values;
    if (withoutRemarks === '—') return 'unset';
    if (withoutRemarks === 'off') return 'off';
    throw new Error(`cannot read the default "${part}"`);
  };
  return { nothingConfigured: read(first), withKey: rest.length > 0 ? read(rest.join('; ')) : undefined };
}

const unsetUnless = (value: string | undefined): Promised => (value === undefined ? 'unset' : [value]);

/** What the resolver gives for each row of the table. */
const actual: Record<string, (settings: Settings) => Promised> = {
  '`PROVIDER_BASE_URL`': (settings) => [settings.provider.baseUrl],
  '`PROVIDER_API_KEY`': (settings) => (settings.provider.apiKey === undefined ? 'unset' : ['(set)']),
  '`BIG_MODEL`, `MIDDLE_MODEL`, `SMALL_MODEL`': (settings) =>
    TIER_NAMES.map((tier) => settings.tiers[tier].model),
  '`ENABLE_{BIG,MIDDLE,SMALL}_ENDPOINT`, `{TIER}_ENDPOINT`, `{TIER}_API_KEY`': (settings) =>
    TIER_NAMES.every((tier) => settings.tiers[tier].baseUrl === settings.provider.baseUrl) ? 'off' : ['on'],
  '`{TIER}_AZURE_API_VERSION`, `AZURE_API_VERSION`': (settings) =>
    settings.provider.azureApiVersion === undefined &&
    TIER_NAMES.every((tier) => settings.tiers[tier].azureApiVersion === undefined)
      ? 'unset'
      : ['(set)'],
  '`PROXY_AUTH_KEY`': (settings) => unsetUnless(settings.proxyAuthKey),
  '`HOST`, `PORT`': (settings) => [settings.host, String(settings.port)],
  '`ALLOWED_HOSTS`': (settings) => (settings.allowedHosts.length === 0 ? 'unset' : settings.allowedHosts),
  '`ALLOWED_ORIGINS`': (settings) =>
    settings.allowedOrigins.length === 0 ? 'unset' : settings.allowedOrigins,
  '`REQUEST_TIMEOUT`': (settings) => [String(settings.requestTimeoutMs / 1000)],
  '`REQUEST_DEADLINE`': (settings) => [String(settings.requestDeadlineMs / 1000)],
  '`CUSTOM_HEADER_*`': (settings) => (Object.keys(settings.customHeaders).length === 0 ? 'unset' : ['(set)']),
  '`LOG_LEVEL`': () => [resolveLoggingSettings({}, { isTerminal: false }).level],
};

describe("the README's table of defaults", () => {
  const rows = defaultsTable(readme);
  const nothingConfigured = resolveSettings({});
  const withKey = resolveSettings({ PROVIDER_API_KEY: 'sk-readme-test-key' });

  it('has a row for each setting checked here, and no row this test does not check', () => {
    expect(rows.map((row) => row.variables).sort()).toEqual(Object.keys(actual).sort());
  });

  for (const variables of Object.keys(actual)) {
    it(`states what ${variables} is with nothing configured, and with a key`, () => {
      const row = rows.find((candidate) => candidate.variables === variables);
      if (!row) throw new Error(`README.md has no row for ${variables}`);
      const resolve = actual[variables] as (settings: Settings) => Promised;
      const stated = promised(row.defaults);
      expect(stated.nothingConfigured).toEqual(resolve(nothingConfigured));
      // The key's own row changes by definition; any other row that names no "with a key"
      // value promises the same either way.
      if (variables !== '`PROVIDER_API_KEY`')
        expect(stated.withKey ?? stated.nothingConfigured).toEqual(resolve(withKey));
    });
  }
});
