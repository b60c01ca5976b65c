import type { CatalogModel } from './model-schema';

const COLUMNS = [
  'id',
  'name',
  'provider',
  'source',
  'input_price_per_million',
  'output_price_per_million',
  'cache_read_price_per_million',
  'cache_write_price_per_million',
  'context_window',
  'max_output',
  'reasoning',
  'vision',
  'tools',
  'free',
  'local',
  'endpoint',
  'documentation_url',
  'retrieved',
] as const;

/** Quotes a CSV field when it holds a comma, quote, or line break (RFC 4180), doubling inner quotes. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Renders the catalog as CSV with a header row and CRLF-free `\n` line ends.
 *
 * @example
 * catalogToCsv(models).split('\n')[0]; // 'id,name,provider,source,input_price_per_million,…'
 */
export function catalogToCsv(models: readonly CatalogModel[]): string {
  const rows = models.map((model) =>
    [
      model.id,
      model.name,
      model.provider,
      model.source,
      model.pricing.inputPerMillion,
      model.pricing.outputPerMillion,
      model.pricing.cacheReadPerMillion,
      model.pricing.cacheWritePerMillion,
      model.contextWindow,
      model.maxOutput,
      model.reasoning,
      model.vision,
      model.tools,
      model.free,
      model.local,
      model.endpoint,
      model.provenance?.source ?? null,
      model.provenance?.retrieved ?? null,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** Parses CSV text produced by {@link catalogToCsv} (or any RFC 4180 CSV) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += character;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
