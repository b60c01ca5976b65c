import type { Meter } from '@ccp/metering';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyticsRoutes } from './analytics-routes';
import { adminHeaders, adminKey, openTestMeter, testRecord } from '../../test/support/route-test-meter';

/** A small RFC 4180 parser, written here so the test does not trust the code under test. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  return records;
}

let meter: Meter;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ meter, cleanup } = await openTestMeter());
});
afterEach(async () => {
  await cleanup();
});

function app() {
  return createAnalyticsRoutes({ meter, adminKey });
}

describe('analytics routes', () => {
  it('answers summary, timeseries, cost breakdown and errors from stored requests', async () => {
    meter.record(testRecord({ costUsd: 0.5 }));
    meter.record(
      testRecord({
        status: 529,
        errorType: 'overloaded_error',
        provider: 'deepseek',
        routedModel: 'deepseek-chat',
        costUsd: null,
      }),
    );
    await meter.flush();

    const summary = await app().request('/analytics/summary?days=7', { headers: adminHeaders });
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({
      days: 7,
      requests: 2,
      errors: 1,
      successRate: 0.5,
      costUsd: 0.5,
    });

    const timeseries = await app().request('/analytics/timeseries?days=1&interval=hour', {
      headers: adminHeaders,
    });
    const series = (await timeseries.json()) as { interval: string; points: { requests: number }[] };
    expect(series.interval).toBe('hour');
    expect(series.points.reduce((sum, point) => sum + point.requests, 0)).toBe(2);

    const cost = await app().request('/analytics/cost-breakdown', { headers: adminHeaders });
    expect(await cost.json()).toMatchObject({
      days: 7,
      totalCostUsd: 0.5,
      byProvider: [
        { provider: 'openai', costUsd: 0.5 },
        { provider: 'deepseek', unpricedRequests: 1 },
      ],
    });

    const errors = await app().request('/analytics/errors?days=3', { headers: adminHeaders });
    expect(await errors.json()).toMatchObject({
      days: 3,
      errors: 1,
      byType: [{ errorType: 'overloaded_error', status: 529, count: 1 }],
    });
  });

  it('rejects bad query parameters with a 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/analytics/summary?days=abc', 'days'],
      ['/analytics/summary?days=0', 'days'],
      ['/analytics/summary?days=366', 'days'],
      ['/analytics/summary?days=1.5', 'days'],
      ['/analytics/summary?days=1&days=2', 'days'],
      ['/analytics/timeseries?interval=week', 'interval'],
      ['/analytics/export?format=xml', 'format'],
    ];
    for (const [path, parameter] of cases) {
      const response = await app().request(path, { headers: adminHeaders });
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { type: string; error: { type: string; message: string } };
      expect(body.type).toBe('error');
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.message).toContain(`"${parameter}"`);
    }
  });

  it('needs the admin key', async () => {
    expect((await app().request('/analytics/summary')).status).toBe(401);
    const off = createAnalyticsRoutes({ meter, adminKey: null });
    expect((await off.request('/analytics/summary', { headers: adminHeaders })).status).toBe(403);
  });

  it('exports CSV that parses back to the stored rows, awkward characters included', async () => {
    const awkward = 'rule "a", then\nb\r\nand c';
    const records = [
      testRecord({ id: 'r1', startedAt: Date.now() - 2000, route: awkward, sessionId: 'has,comma' }),
      testRecord({
        id: 'r2',
        startedAt: Date.now() - 1000,
        route: null,
        costUsd: null,
        timeToFirstTokenMs: null,
        streamed: false,
      }),
    ];
    for (const record of records) meter.record(record);
    await meter.flush();

    const response = await app().request('/analytics/export?days=30&format=csv', { headers: adminHeaders });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="ccp-requests-.*\.csv"/,
    );
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toContain('route');
    const byColumn = rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]])));
    expect(byColumn).toHaveLength(2);
    expect(byColumn[0]).toMatchObject({ id: 'r1', route: awkward, sessionId: 'has,comma', streamed: 'true' });
    expect(byColumn[1]).toMatchObject({
      id: 'r2',
      route: '',
      costUsd: '',
      timeToFirstTokenMs: '',
      streamed: 'false',
    });
    expect(Number(byColumn[0]?.inputTokens)).toBe(records[0]?.inputTokens);
  });

  it('exports JSON that parses back to the stored rows', async () => {
    for (let index = 0; index < 450; index += 1)
      meter.record(testRecord({ id: `row-${index}`, route: 'say "hi"\n' }));
    await meter.flush();
    const response = await app().request('/analytics/export?format=json', { headers: adminHeaders });
    expect(response.headers.get('content-type')).toContain('application/json');
    const rows = (await response.json()) as { id: string; route: string }[];
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((row) => row.id)).size).toBe(450);
    expect(rows[0]?.route).toBe('say "hi"\n');
  });

  it('exports an empty but valid document when nothing is stored', async () => {
    const json = await app().request('/analytics/export?format=json', { headers: adminHeaders });
    expect(await json.json()).toEqual([]);
    const csv = await app().request('/analytics/export', { headers: adminHeaders });
    expect(parseCsv(await csv.text())).toHaveLength(1);
  });
});
