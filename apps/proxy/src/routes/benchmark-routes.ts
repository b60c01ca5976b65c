import { errorResponse } from '../http/render-error';
import { AnthropicApiError } from '@ccp/convert';
import type { Meter } from '@ccp/metering';
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireAdmin } from '../admin-auth';
import { parseQuery, wholeNumberParameter } from './api-route-helpers';

export type BenchmarkPromptKind = 'short-answer' | 'long-answer' | 'tool-call' | 'reasoning';

/** One fixed benchmark prompt: an Anthropic Messages request body without `model`. */
export interface BenchmarkPrompt {
  kind: BenchmarkPromptKind;
  request: {
    max_tokens: number;
    system?: string;
    messages: { role: 'user'; content: string }[];
    tools?: { name: string; description: string; input_schema: Record<string, unknown> }[];
    tool_choice?: { type: 'auto' | 'any' };
    thinking?: { type: 'enabled'; budget_tokens: number };
  };
}

/** What running one prompt measured. */
export interface BenchmarkPromptOutcome {
  ttftMs: number | null;
  totalMs: number;
  outputTokens: number;
  ok: boolean;
  error?: string;
}

/**
 * Sends one prompt to `model` through the configured upstream (injected by the server, which
 * must not charge it to any user) and measures it.
 */
export type RunPrompt = (model: string, prompt: BenchmarkPrompt) => Promise<BenchmarkPromptOutcome>;

/** The fixed prompt set: a short answer, a long answer, a tool call and a reasoning task. */
export const benchmarkPrompts: readonly BenchmarkPrompt[] = [
  {
    kind: 'short-answer',
    request: {
      max_tokens: 64,
      messages: [{ role: 'user', content: 'What is the capital of France? Answer with one word.' }],
    },
  },
  {
    kind: 'long-answer',
    request: {
      max_tokens: 1024,
      messages: [
        {
          role: 'user',
          content:
            'Explain, in about 500 words, how a hash map works: hashing, buckets, collisions, resizing and the cost of each operation.',
        },
      ],
    },
  },
  {
    kind: 'tool-call',
    request: {
      max_tokens: 256,
      messages: [{ role: 'user', content: 'What is the weather in Paris right now? Use the tool.' }],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city.',
          input_schema: {
            type: 'object',
            properties: { city: { type: 'string', description: 'City name' } },
            required: ['city'],
          },
        },
      ],
      tool_choice: { type: 'any' },
    },
  },
  {
    kind: 'reasoning',
    request: {
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        {
          role: 'user',
          content:
            'A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost? Think it through, then give the answer in cents.',
        },
      ],
    },
  },
];

/** Options of {@link createBenchmarkRoutes}. */
export interface BenchmarkRoutesOptions {
  meter: Meter;
  runPrompt: RunPrompt;
  /** Admin key guarding these routes; null answers 403 (see requireAdmin). */
  adminKey: string | null | undefined;
  /** Defaults to {@link benchmarkPrompts}. */
  prompts?: readonly BenchmarkPrompt[];
}

const quotaNotice =
  'Benchmarks are admin-only and are not charged to any user quota; they do spend the upstream provider credits.';

const modelName = v.pipe(
  v.string('must be given once'),
  v.trim(),
  v.minLength(1, 'must name a model'),
  v.maxLength(200, 'must be at most 200 characters'),
);
const iterations = wholeNumberParameter({ defaultValue: 3, min: 1, max: 10, unit: 'iterations' });
const runQuery = v.object({
  model_name: v.pipe(v.optional(modelName, ''), v.minLength(1, 'is required, e.g. ?model_name=gpt-4o')),
  iterations,
});
const compareQuery = v.object({
  models: v.pipe(
    v.optional(v.union([v.string(), v.array(v.string())], 'must be repeated: ?models=a&models=b'), []),
    v.transform((value) => [
      ...new Set(
        (Array.isArray(value) ? value : [value])
          .flatMap((item) => item.split(','))
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
    ]),
    v.minLength(2, 'needs at least two different models: ?models=a&models=b'),
    v.maxLength(5, 'takes at most 5 models'),
  ),
  iterations,
});

async function runBenchmark(
  options: BenchmarkRoutesOptions,
  prompts: readonly BenchmarkPrompt[],
  runId: string,
  models: string[],
  iterationCount: number,
): Promise<void> {
  const { meter, runPrompt } = options;
  try {
    for (const model of models) {
      for (let iteration = 1; iteration <= iterationCount; iteration += 1) {
        for (const prompt of prompts) {
          let outcome: BenchmarkPromptOutcome;
          try {
            outcome = await runPrompt(model, prompt);
          } catch (error) {
            outcome = {
              ttftMs: null,
              totalMs: 0,
              outputTokens: 0,
              ok: false,
              error: error instanceof Error ? error.message : String(error),
            };
          }
          await meter.recordBenchmarkResult({
            runId,
            model,
            promptKind: prompt.kind,
            iteration,
            timeToFirstTokenMs: outcome.ttftMs,
            totalMs: outcome.totalMs,
            outputTokens: outcome.outputTokens,
            success: outcome.ok,
            error: outcome.ok ? null : (outcome.error ?? 'failed without a message'),
          });
        }
      }
    }
    await meter.finishBenchmarkRun(runId, { status: 'completed' });
  } catch (error) {
    await meter
      .finishBenchmarkRun(runId, {
        status: 'failed',
        error: `The benchmark stopped: ${error instanceof Error ? error.message : String(error)}`,
      })
      .catch(() => {});
  }
}

/**
 * Model benchmarks run in the background: `POST /benchmarks/run?model_name=…&iterations=3`,
 * `POST /benchmarks/compare?models=a&models=b` (both 202 with the run id), `GET
 * /benchmarks/results` and `/benchmarks/results/:id`. One run at a time per proxy. Mount under `/api`.
 *
 * @example
 * app.route('/api', createBenchmarkRoutes({ meter, adminKey, runPrompt }));
 */
export function createBenchmarkRoutes(options: BenchmarkRoutesOptions): Hono {
  const { meter } = options;
  const prompts = options.prompts ?? benchmarkPrompts;
  let running: string | null = null;
  const app = new Hono();
  app.onError((error) => errorResponse(error));
  app.use('/benchmarks/*', requireAdmin({ adminKey: options.adminKey }));

  async function start(kind: 'run' | 'compare', models: string[], iterationCount: number) {
    if (running !== null) {
      throw new AnthropicApiError(
        `Benchmark ${running} is still running; wait for it (GET /api/benchmarks/results/${running}) before starting another.`,
        { errorType: 'rate_limit_error' },
      );
    }
    const run = await meter
      .createBenchmarkRun({ kind, models, iterations: iterationCount })
      .catch((error) => {
        throw new AnthropicApiError(error instanceof Error ? error.message : String(error), {
          errorType: 'permission_error',
        });
      });
    running = run.id;
    void runBenchmark(options, prompts, run.id, models, iterationCount).finally(() => {
      running = null;
    });
    return {
      id: run.id,
      status: run.status,
      kind,
      models,
      iterations: iterationCount,
      prompts: prompts.map((prompt) => prompt.kind),
      requests: models.length * iterationCount * prompts.length,
      results_url: `/api/benchmarks/results/${run.id}`,
      quota: quotaNotice,
    };
  }

  app.post('/benchmarks/run', async (c) => {
    const query = parseQuery(c, runQuery);
    return c.json(await start('run', [query.model_name], query.iterations), 202);
  });

  app.post('/benchmarks/compare', async (c) => {
    const query = parseQuery(c, compareQuery);
    return c.json(await start('compare', query.models, query.iterations), 202);
  });

  app.get('/benchmarks/results', async (c) => c.json({ runs: await meter.listBenchmarkRuns() }));

  app.get('/benchmarks/results/:id', async (c) => {
    const run = await meter.getBenchmarkRun(c.req.param('id'));
    if (!run) {
      throw new AnthropicApiError(
        `No benchmark run with id "${c.req.param('id')}"; see GET /api/benchmarks/results.`,
        { errorType: 'not_found_error' },
      );
    }
    return c.json(run);
  });

  return app;
}
