import { errorResponse } from '../http/render-error';
import type { Meter, RequestRow } from '@ccp/metering';
import { csvLine, requestRowFields } from '@ccp/metering';
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireAdmin } from '../admin-auth';
import { daysParameter, parseQuery } from './api-route-helpers';

/** Options of {@link createAnalyticsRoutes}. */
export interface AnalyticsRoutesOptions {
  meter: Meter;
  /** Admin key guarding these routes; null answers 403 (see requireAdmin). */
  adminKey: string | null | undefined;
}

const daysQuery = v.object({ days: daysParameter(7) });
const timeseriesQuery = v.object({
  days: daysParameter(7),
  interval: v.optional(v.picklist(['hour', 'day'], 'must be "hour" or "day"'), 'day'),
});
const exportQuery = v.object({
  days: daysParameter(30),
  format: v.optional(v.picklist(['csv', 'json'], 'must be "csv" or "json"'), 'csv'),
});

function exportStream(rows: AsyncIterable<RequestRow>, format: 'csv' | 'json'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(format === 'csv' ? csvLine(requestRowFields) : '['));
        return;
      }
      // A few hundred rows per pull keeps memory flat without a chunk per row.
      let text = '';
      for (let count = 0; count < 200; count += 1) {
        const next = await iterator.next();
        if (next.done) {
          if (format === 'json') text += ']\n';
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        const row = next.value;
        if (format === 'csv') {
          text += csvLine(requestRowFields.map((field) => row[field]));
        } else {
          text += `${first ? '' : ','}\n${JSON.stringify(row)}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Admin analytics over the metering store: `/analytics/summary`, `/timeseries`,
 * `/cost-breakdown`, `/errors` and a streamed `/export` (CSV per RFC 4180, or a JSON array).
 * Mount under `/api`.
 *
 * @example
 * app.route('/api', createAnalyticsRoutes({ meter, adminKey }));
 */
export function createAnalyticsRoutes(options: AnalyticsRoutesOptions): Hono {
  const { meter } = options;
  const app = new Hono();
  app.onError((error) => errorResponse(error));
  app.use('/analytics/*', requireAdmin({ adminKey: options.adminKey }));

  app.get('/analytics/summary', async (c) => {
    const { days } = parseQuery(c, daysQuery);
    return c.json({ ...(await meter.summary(days)), recorder: meter.stats() });
  });

  app.get('/analytics/timeseries', async (c) => {
    const { days, interval } = parseQuery(c, timeseriesQuery);
    return c.json(await meter.timeseries(days, interval));
  });

  app.get('/analytics/cost-breakdown', async (c) => {
    const { days } = parseQuery(c, daysQuery);
    return c.json(await meter.costBreakdown(days));
  });

  app.get('/analytics/errors', async (c) => {
    const { days } = parseQuery(c, daysQuery);
    return c.json(await meter.errors(days));
  });

  app.get('/analytics/export', (c) => {
    const { days, format } = parseQuery(c, exportQuery);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(exportStream(meter.exportRows(days), format), {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="ccp-requests-${date}.${format}"`,
        'cache-control': 'no-store',
      },
    });
  });

  return app;
}
