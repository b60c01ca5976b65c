import * as v from 'valibot';
import { buildCatalogFile } from './build-catalog';
import { type CuratedOverlay, withCuratedOverlay } from './curated-overlay';
import {
  defaultLmStudioModels,
  defaultOllamaModels,
  type LocalServer,
  localModelFromName,
} from './local-models';
import type { CatalogFile, CatalogModel } from './model-schema';
import { parseOpenRouterResponse } from './openrouter-normalize';

/** The subset of `fetch` the refresh uses, so tests and apps can inject their own. */
export type FetchFunction = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export const DEFAULT_OPENROUTER_MODELS_URL = 'https://openrouter.ai/api/v1/models';
export const DEFAULT_OLLAMA_URL = 'http://localhost:11434';
export const DEFAULT_LMSTUDIO_URL = 'http://localhost:1234';

export type RefreshSource = 'openrouter' | 'ollama' | 'lmstudio';

/** What happened to one source: `updated` (fresh data), `offline` (unreachable) or `failed` (bad answer). */
export type SourceReport = {
  source: RefreshSource;
  status: 'updated' | 'offline' | 'failed';
  modelCount: number;
  message: string;
};

export type RefreshCatalogOptions = {
  fetch: FetchFunction;
  /** The snapshot to keep parts of when a source cannot be reached. */
  current: CatalogFile | undefined;
  generatedAt: string;
  openRouterUrl?: string;
  /** Sent as a bearer token when given; never logged or reported. */
  openRouterApiKey?: string;
  /** Ollama's base URL without `/v1` (tags at `/api/tags`). */
  ollamaUrl?: string;
  /** LM Studio's base URL without `/v1` (models at `/v1/models`). */
  lmStudioUrl?: string;
  timeoutMilliseconds?: number;
  /** Merged over whatever was fetched or kept, so curated models survive a refresh. */
  curated?: CuratedOverlay;
};

export type RefreshCatalogResult = {
  catalog: CatalogFile;
  reports: SourceReport[];
  /** True when at least one source answered; false means everything was offline or broken. */
  changed: boolean;
};

const OllamaTagsSchema = v.looseObject({
  models: v.array(v.looseObject({ name: v.string() })),
});
const LmStudioModelsSchema = v.looseObject({
  data: v.array(v.looseObject({ id: v.string() })),
});

type SourceAnswer =
  | { kind: 'ok'; body: unknown }
  | { kind: 'offline'; reason: string }
  | { kind: 'failed'; reason: string };

async function requestJson(
  fetchFunction: FetchFunction,
  url: string,
  headers: Record<string, string>,
  timeoutMilliseconds: number,
): Promise<SourceAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMilliseconds);
  try {
    const response = await fetchFunction(url, { headers, signal: controller.signal });
    if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status} from ${url}` };
    try {
      return { kind: 'ok', body: await response.json() };
    } catch {
      return { kind: 'failed', reason: `${url} did not return JSON` };
    }
  } catch (error) {
    const reason = controller.signal.aborted
      ? `no answer from ${url} within ${timeoutMilliseconds} ms`
      : `cannot reach ${url} (${describeNetworkError(error)})`;
    return { kind: 'offline', reason };
  } finally {
    clearTimeout(timer);
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
    return error.message;
  }
  return String(error);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function keptModels(
  current: CatalogFile | undefined,
  source: RefreshSource,
  fallback: CatalogModel[],
): CatalogModel[] {
  const kept = current?.models.filter((model) => model.source === source) ?? [];
  return kept.length > 0 ? kept : fallback;
}

function mergeLocal(discovered: CatalogModel[], defaults: CatalogModel[]): CatalogModel[] {
  const ids = new Set(discovered.map((model) => model.id));
  return [...discovered, ...defaults.filter((model) => !ids.has(model.id))];
}

async function discoverLocal(
  server: LocalServer,
  options: RefreshCatalogOptions,
  timeoutMilliseconds: number,
): Promise<{ models: CatalogModel[]; report: SourceReport }> {
  const base = trimSlash(
    server === 'ollama'
      ? (options.ollamaUrl ?? DEFAULT_OLLAMA_URL)
      : (options.lmStudioUrl ?? DEFAULT_LMSTUDIO_URL),
  );
  const endpoint = `${base}/v1`;
  const url = server === 'ollama' ? `${base}/api/tags` : `${base}/v1/models`;
  const label = server === 'ollama' ? 'Ollama' : 'LM Studio';
  const source: RefreshSource = server;
  const defaults = server === 'ollama' ? defaultOllamaModels(endpoint) : defaultLmStudioModels(endpoint);
  const answer = await requestJson(options.fetch, url, {}, timeoutMilliseconds);
  if (answer.kind === 'ok') {
    let names: string[] | undefined;
    if (server === 'ollama') {
      const parsed = v.safeParse(OllamaTagsSchema, answer.body);
      names = parsed.success ? parsed.output.models.map((model) => model.name) : undefined;
    } else {
      const parsed = v.safeParse(LmStudioModelsSchema, answer.body);
      names = parsed.success ? parsed.output.data.map((model) => model.id) : undefined;
    }
    if (names) {
      // Embedding models cannot answer chat requests, so they are not offered for a tier.
      const discovered = names
        .filter((name) => !/embed/i.test(name))
        .map((name) => localModelFromName(server, name, endpoint));
      return {
        models: mergeLocal(discovered, defaults),
        report: {
          source,
          status: 'updated',
          modelCount: discovered.length,
          message: `${label}: found ${discovered.length} installed model(s) at ${base}.`,
        },
      };
    }
  }
  const kept = keptModels(options.current, source, defaults);
  const reason = answer.kind === 'ok' ? `${url} answered in an unexpected shape` : answer.reason;
  return {
    models: kept,
    report: {
      source,
      status: answer.kind === 'offline' ? 'offline' : 'failed',
      modelCount: kept.length,
      message: `${label} not available (${reason}); kept the ${kept.length} ${label} model(s) of the snapshot. Start ${label} to discover installed models.`,
    },
  };
}

/**
 * Refreshes the catalog from the live OpenRouter API and from running Ollama / LM Studio
 * servers. A source that is offline or answers badly keeps its part of `current`.
 * Nothing is written here; see {@link writeCatalogFiles}.
 *
 * @example
 * const result = await refreshCatalog({ fetch, current, generatedAt: new Date().toISOString() });
 * for (const report of result.reports) console.log(report.message);
 */
export async function refreshCatalog(options: RefreshCatalogOptions): Promise<RefreshCatalogResult> {
  const timeoutMilliseconds = options.timeoutMilliseconds ?? 15_000;
  const openRouterUrl = options.openRouterUrl ?? DEFAULT_OPENROUTER_MODELS_URL;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.openRouterApiKey) headers.authorization = `Bearer ${options.openRouterApiKey}`;

  const [openRouterAnswer, ollama, lmStudio] = await Promise.all([
    requestJson(options.fetch, openRouterUrl, headers, timeoutMilliseconds),
    discoverLocal('ollama', options, timeoutMilliseconds),
    discoverLocal('lmstudio', options, timeoutMilliseconds),
  ]);

  const localModels = [...ollama.models, ...lmStudio.models];
  const previousMarketplace = options.current?.models.filter((model) => model.source === 'openrouter') ?? [];
  let catalog: CatalogFile | undefined;
  let openRouterReport: SourceReport;
  if (openRouterAnswer.kind === 'ok') {
    try {
      catalog = buildCatalogFile({
        openRouterResponse: openRouterAnswer.body,
        localModels,
        generatedAt: options.generatedAt,
        sources: {
          openRouter: `live:${openRouterUrl}@${options.generatedAt}`,
          ollama:
            ollama.report.status === 'updated'
              ? `live@${options.generatedAt}`
              : (options.current?.sources.ollama ?? 'defaults'),
          lmStudio:
            lmStudio.report.status === 'updated'
              ? `live@${options.generatedAt}`
              : (options.current?.sources.lmStudio ?? 'defaults'),
        },
      });
      const count = parseOpenRouterResponse(openRouterAnswer.body).length;
      openRouterReport = {
        source: 'openrouter',
        status: 'updated',
        modelCount: count,
        message: `OpenRouter: fetched ${count} models.`,
      };
    } catch (error) {
      openRouterReport = {
        source: 'openrouter',
        status: 'failed',
        modelCount: previousMarketplace.length,
        message: `${error instanceof Error ? error.message : String(error)} Kept the ${previousMarketplace.length} OpenRouter models of the snapshot.`,
      };
    }
  } else {
    openRouterReport = {
      source: 'openrouter',
      status: openRouterAnswer.kind,
      modelCount: previousMarketplace.length,
      message:
        openRouterAnswer.kind === 'offline'
          ? `Offline: ${openRouterAnswer.reason}. Kept the ${previousMarketplace.length} OpenRouter models of the snapshot${options.current ? ` from ${options.current.generatedAt}` : ''}.`
          : `OpenRouter refresh failed: ${openRouterAnswer.reason}. Kept the ${previousMarketplace.length} OpenRouter models of the snapshot.`,
    };
  }
  if (!catalog) {
    const seen = new Set<string>();
    const models = [...localModels, ...previousMarketplace].filter(
      (model) => !seen.has(model.id) && seen.add(model.id),
    );
    catalog = {
      schemaVersion: 1,
      generatedAt: options.generatedAt,
      sources: {
        openRouter: options.current?.sources.openRouter ?? 'none',
        ollama:
          ollama.report.status === 'updated'
            ? `live@${options.generatedAt}`
            : (options.current?.sources.ollama ?? 'defaults'),
        lmStudio:
          lmStudio.report.status === 'updated'
            ? `live@${options.generatedAt}`
            : (options.current?.sources.lmStudio ?? 'defaults'),
      },
      models,
    };
  }
  if (options.curated) catalog = withCuratedOverlay(catalog, options.curated);
  const reports = [openRouterReport, ollama.report, lmStudio.report];
  return { catalog, reports, changed: reports.some((report) => report.status === 'updated') };
}
