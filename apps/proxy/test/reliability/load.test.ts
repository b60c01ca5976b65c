import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnthropicStreamEvent } from '@ccp/convert';
import { assertAnthropicStreamInvariants } from '@ccp/convert/testing';
import {
  type FakeUpstream,
  httpError,
  midStreamError,
  reply,
  type Scenario,
  startFakeUpstream,
} from '@ccp/fake-upstream';
import { openMeter, type RequestRow } from '@ccp/metering';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAnthropicErrorBody, parseSse, SINGLE_ATTEMPT, waitUntil } from '../support/anthropic-wire';
import { type MemoryFigures, type ProxyProcess, startProxyProcess } from '../support/proxy-process';

// 10,000 mixed requests through the real proxy process at concurrency 100: every answer is
// well-formed, the outcomes add up to what was asked for, memory comes back after GC, no upstream
// socket is left open, and (when metering is on) every request has exactly one row.

const TOTAL = 10_000;
const WARMUP = 500;
const CONCURRENCY = 100;

const KINDS = ['text', 'tools', 'rate-limited', 'upstream-500', 'mid-stream-error'] as const;
type Kind = (typeof KINDS)[number];

/** What each kind must come back as, streamed or not (status, and the stream's last event). */
type Outcome = `${number}` | `${number}:${string}`;

function plannedOutcome(kind: Kind, streamed: boolean): Outcome {
  switch (kind) {
    case 'text':
      return streamed ? '200:message_stop' : '200';
    case 'tools':
      return streamed ? '200:message_stop' : '200';
    case 'rate-limited':
      return '429';
    case 'upstream-500':
      return '500';
    case 'mid-stream-error':
      return streamed ? '200:error' : '529';
  }
}

/** The status the proxy records for a request (a stream that ends in an error records the error's status). */
function plannedRecordedStatus(kind: Kind, streamed: boolean): number {
  const outcome = plannedOutcome(kind, streamed);
  if (outcome === '200:error') return 529;
  return Number(outcome.split(':')[0]);
}

function scenarioFor(kind: Kind): Scenario {
  switch (kind) {
    case 'text':
      return reply({
        text: 'A short answer, streamed in pieces: ünïcödé 🎉.',
        fragmentSize: 6,
        usage: { promptTokens: 40, completionTokens: 12 },
      });
    case 'tools':
      return reply({
        text: 'Checking.',
        toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris', days: 3 } }],
        fragmentSize: 5,
      });
    case 'rate-limited':
      return httpError(429, undefined, { 'retry-after': '1' });
    case 'upstream-500':
      return httpError(500);
    case 'mid-stream-error':
      return midStreamError(2, { message: 'provider overloaded', code: 503 });
  }
}

type Plan = { index: number; kind: Kind; streamed: boolean; marker: string };

function planRequests(count: number, prefix: string): Plan[] {
  return Array.from({ length: count }, (_, index) => {
    const kind = KINDS[index % KINDS.length] as Kind;
    // Alternate streaming in a pattern that does not line up with the kinds.
    const streamed = Math.floor(index / KINDS.length) % 2 === 0;
    return { index, kind, streamed, marker: `${prefix}-${index}-${kind}` };
  });
}

const TOOL = {
  name: 'get_weather',
  description: 'Weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};

let upstream: FakeUpstream;
let proxy: ProxyProcess;
let directory: string;
let databaseUrl: string;
const upstreamCalls = new Map<Kind, number>();
let exitCode: number | null | undefined;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ccp-load-'));
  databaseUrl = `file:${join(directory, 'metering.db')}`;
  upstream = await startFakeUpstream({ record: false });
  upstream.setResponder((recorded) => {
    const kind = /marker:[\w-]+?-\d+-([a-z0-9-]+)/.exec(recorded.rawBody)?.[1] as Kind | undefined;
    if (kind === undefined || !KINDS.includes(kind))
      return httpError(400, 'the load test sent a request without a marker');
    upstreamCalls.set(kind, (upstreamCalls.get(kind) ?? 0) + 1);
    return scenarioFor(kind);
  });
  proxy = await startProxyProcess({
    PROVIDER_BASE_URL: upstream.url,
    PROVIDER_API_KEY: 'sk-upstream-load-0123456789',
    BIG_MODEL: 'big-model',
    MIDDLE_MODEL: 'middle-model',
    SMALL_MODEL: 'small-model',
    LOG_LEVEL: 'error',
    TRACK_USAGE: 'true',
    METERING_DB_URL: databaseUrl,
    // Each request goes upstream exactly once, so outcomes can be counted against the plan.
    ...SINGLE_ATTEMPT,
  });
}, 60_000);

afterAll(async () => {
  if (exitCode === undefined) await proxy?.stop();
  await upstream?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
}, 30_000);

const dispatcher = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 10_000 });

/** Sends one planned request and returns its outcome, checking the answer's shape on the way. */
async function send(plan: Plan): Promise<Outcome> {
  const body = {
    model:
      plan.index % 3 === 0
        ? 'claude-opus-4-8'
        : plan.index % 3 === 1
          ? 'claude-sonnet-4-5'
          : 'claude-haiku-4-5',
    max_tokens: 256,
    stream: plan.streamed,
    ...(plan.kind === 'tools' ? { tools: [TOOL] } : {}),
    messages: [{ role: 'user', content: `marker:${plan.marker}` }],
  };
  const response = await request(`${proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'any' },
    body: JSON.stringify(body),
    dispatcher,
  });
  const text = await response.body.text();
  const status = response.statusCode;
  if (status !== 200) {
    expectAnthropicErrorBody(status, text);
    return `${status}`;
  }
  const contentType = String(response.headers['content-type'] ?? '');
  if (plan.streamed) {
    expect(contentType).toContain('text/event-stream');
    const events = parseSse(text).map((event) => event.data as AnthropicStreamEvent);
    assertAnthropicStreamInvariants(events);
    const last = events.at(-1);
    if (plan.kind === 'tools' && last?.type === 'message_stop') {
      const delta = events.find((event) => event.type === 'message_delta');
      expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('tool_use');
    }
    return `200:${last?.type ?? 'nothing'}`;
  }
  expect(contentType).toContain('application/json');
  const message = JSON.parse(text) as { type: string; stop_reason: string; content: Array<{ type: string }> };
  expect(message.type).toBe('message');
  if (plan.kind === 'tools') {
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
  } else expect(message.stop_reason).toBe('end_turn');
  return '200';
}

/** Runs `plans` with `CONCURRENCY` workers; returns outcome counts per kind and streaming. */
async function run(plans: Plan[]): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++] as Plan;
      let outcome: string;
      try {
        outcome = await send(plan);
      } catch (error) {
        outcome = `failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
      }
      const key = `${plan.kind}/${plan.streamed ? 'stream' : 'json'} → ${outcome}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

function expectedOutcomes(plans: Plan[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const plan of plans) {
    const key = `${plan.kind}/${plan.streamed ? 'stream' : 'json'} → ${plannedOutcome(plan.kind, plan.streamed)}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  return expected;
}

const sorted = (counts: Map<string, number>) =>
  Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

describe(`${TOTAL} mixed requests at concurrency ${CONCURRENCY}`, { timeout: 30_000 }, () => {
  let baseline: MemoryFigures;
  let baselineResident: number;
  const allPlans: Plan[] = [];

  it('answers every request well-formed, with outcomes that match what was enqueued', async () => {
    const warmup = planRequests(WARMUP, 'warm');
    allPlans.push(...warmup);
    expect(sorted(await run(warmup))).toEqual(sorted(expectedOutcomes(warmup)));
    baseline = await proxy.collectAndMeasure();
    baselineResident = proxy.residentBytes();

    const plans = planRequests(TOTAL, 'load');
    allPlans.push(...plans);
    const outcomes = await run(plans);
    expect(sorted(outcomes)).toEqual(sorted(expectedOutcomes(plans)));
    // The upstream saw each request exactly once (no retries, no duplicates).
    const perKind = Object.fromEntries(KINDS.map((kind) => [kind, (WARMUP + TOTAL) / KINDS.length]));
    expect(Object.fromEntries(upstreamCalls)).toEqual(perKind);
  }, 180_000);

  it('leaves no upstream socket beyond the pool, and memory back near its baseline after GC', async () => {
    expect(baseline, 'the load run must have completed').toBeDefined();
    // Idle keep-alive sockets may stay pooled, never more than the concurrency.
    expect(upstream.openConnections()).toBeLessThanOrEqual(CONCURRENCY);
    const after = await proxy.collectAndMeasure();
    const resident = proxy.residentBytes();
    const report = {
      heapUsedMB: [megabytes(baseline.heapUsed), megabytes(after.heapUsed)],
      rssMB: [megabytes(baselineResident), megabytes(resident)],
    };
    expect(after.collected, 'the proxy process runs with --expose-gc').toBe(true);
    // 10,000 requests leaking even 1 KB each would add ~10 MB of live heap.
    expect(after.heapUsed - baseline.heapUsed, JSON.stringify(report)).toBeLessThan(8 * 1024 * 1024);
    expect(resident - baselineResident, JSON.stringify(report)).toBeLessThan(96 * 1024 * 1024);

    exitCode = await proxy.stop();
    expect(exitCode).toBe(0);
    // With the proxy gone its pool is closed: every upstream socket it held is gone too.
    await waitUntil(
      () => upstream.openConnections() === 0,
      'every upstream socket to close after the proxy stopped',
    );
  }, 60_000);

  it('writes exactly one metering row per request (when metering is wired)', async (context) => {
    expect(exitCode, 'the proxy must have stopped (and flushed) first').toBe(0);
    const path = databaseUrl.slice('file:'.length);
    if (!existsSync(path)) {
      // TRACK_USAGE=true METERING_DB_URL=file:… created no database: the proxy does not meter yet.
      context.skip();
      return;
    }
    const meter = await openMeter({ url: databaseUrl });
    try {
      const rows: RequestRow[] = [];
      for await (const row of meter.exportRows(1)) rows.push(row);
      const ids = new Set(rows.map((row) => row.id));
      expect({ rows: rows.length, distinctIds: ids.size }).toEqual({
        rows: allPlans.length,
        distinctIds: allPlans.length,
      });
      const expectedStatuses = new Map<string, number>();
      for (const plan of allPlans) {
        const key = `${plan.streamed ? 'stream' : 'json'} ${plannedRecordedStatus(plan.kind, plan.streamed)}`;
        expectedStatuses.set(key, (expectedStatuses.get(key) ?? 0) + 1);
      }
      const actualStatuses = new Map<string, number>();
      for (const row of rows) {
        const key = `${row.streamed ? 'stream' : 'json'} ${row.status}`;
        actualStatuses.set(key, (actualStatuses.get(key) ?? 0) + 1);
      }
      expect(sorted(actualStatuses)).toEqual(sorted(expectedStatuses));
    } finally {
      await meter.close();
    }
  }, 60_000);
});
