import type { Catalog, CatalogModel, ModelFilter } from '@ccp/catalog';
import { formatModelRow, modelTableHeader } from '../format-model';
import type { TerminalStyle } from '../terminal-style';
import type { SessionIo } from './session-io';

export type PickerFilters = {
  reasoning: boolean;
  vision: boolean;
  tools: boolean;
  free: boolean;
  localOnly: boolean;
  search: string;
};

export function emptyFilters(localOnly: boolean): PickerFilters {
  return { reasoning: false, vision: false, tools: false, free: false, localOnly, search: '' };
}

function toModelFilter(filters: PickerFilters, includeMarketplace: boolean): ModelFilter {
  return {
    reasoning: filters.reasoning || undefined,
    vision: filters.vision || undefined,
    tools: filters.tools || undefined,
    free: filters.free || undefined,
    local: filters.localOnly || undefined,
    search: filters.search || undefined,
    includeMarketplace,
  };
}

function describeFilters(filters: PickerFilters): string {
  const active = [
    filters.reasoning && 'reasoning',
    filters.vision && 'vision',
    filters.tools && 'tools',
    filters.free && 'free',
    filters.localOnly && 'local only',
    filters.search && `search "${filters.search}"`,
  ].filter(Boolean);
  return active.length > 0 ? active.join(', ') : 'none';
}

/** Lines that the picker needs besides the model rows (header, table head, help, prompt). */
const PICKER_CHROME_LINES = 7;

export type PickModelOptions = {
  io: SessionIo;
  catalog: Catalog;
  style: TerminalStyle;
  title: string;
  current: string | undefined;
  includeMarketplace: boolean;
  filters: PickerFilters;
};

/**
 * Pages through the catalog with filters and search; returns the chosen model id, or
 * undefined when the user goes back. A typed id containing `/` is accepted even when it is
 * not in the catalog (custom deployments), after a confirmation.
 */
export async function pickModel(options: PickModelOptions): Promise<string | undefined> {
  const { io, catalog, style, filters } = options;
  let page = 0;
  let message = '';
  for (;;) {
    const models: CatalogModel[] = catalog.filter(toModelFilter(filters, options.includeMarketplace));
    const pageSize = Math.max(5, io.rows() - PICKER_CHROME_LINES - 2);
    const pageCount = Math.max(1, Math.ceil(models.length / pageSize));
    page = Math.min(Math.max(page, 0), pageCount - 1);
    const start = page * pageSize;
    const shown = models.slice(start, start + pageSize);
    io.print('');
    io.print(
      style.header(
        `${options.title}: ${models.length} model(s), page ${page + 1}/${pageCount}, filters: ${describeFilters(filters)}`,
      ),
    );
    io.print(
      style.dim(
        `current: ${options.current ?? 'not set'}${options.includeMarketplace ? '' : '   (marketplace hidden by ENABLE_OPENROUTER_SELECTION=false)'}`,
      ),
    );
    io.print(modelTableHeader(true, style));
    shown.forEach((model, index) => {
      io.print(formatModelRow(model, start + index + 1, style));
    });
    if (shown.length === 0)
      io.print(style.yellow('  No model matches these filters. Press c to clear them.'));
    io.print(
      style.dim(
        'n/p page · /text search · r v t $ l toggle reasoning/vision/tools/free/local · c clear · number or id to pick · b back',
      ),
    );
    if (message) io.print(message);
    message = '';
    const answer = await io.ask(style.bold('Pick> '));
    if (answer === undefined) return undefined;
    const input = answer.trim();
    if (input === '' || input === 'b' || input === 'q') return undefined;
    if (input === 'n') {
      if (page + 1 >= pageCount) message = style.yellow('Already on the last page.');
      page++;
      continue;
    }
    if (input === 'p') {
      if (page === 0) message = style.yellow('Already on the first page.');
      page--;
      continue;
    }
    if (input.startsWith('/')) {
      filters.search = input.slice(1).trim();
      page = 0;
      continue;
    }
    const toggles: Record<string, keyof Omit<PickerFilters, 'search'>> = {
      r: 'reasoning',
      v: 'vision',
      t: 'tools',
      $: 'free',
      f: 'free',
      l: 'localOnly',
    };
    const toggle = toggles[input];
    if (toggle) {
      filters[toggle] = !filters[toggle];
      page = 0;
      continue;
    }
    if (input === 'c') {
      Object.assign(filters, emptyFilters(false));
      page = 0;
      continue;
    }
    if (/^\d+$/.test(input)) {
      const chosen = models[Number.parseInt(input, 10) - 1];
      if (chosen) return chosen.id;
      message = style.yellow(`There is no model number ${input} in this list (1–${models.length}).`);
      continue;
    }
    const known = catalog.findModel(input);
    if (known) return known.id;
    if (input.includes('/')) {
      const confirm = await io.ask(style.yellow(`${input} is not in the catalog. Use it anyway? [y/N] `));
      if (confirm?.trim().toLowerCase() === 'y') return input;
      continue;
    }
    filters.search = input;
    page = 0;
    message = style.dim(`Searching for "${input}" (type a number to pick).`);
  }
}
