import type { StatusSnapshot } from '@ccp/gateway';
import { Hono } from 'hono';

export type { StatusSnapshot };

/**
 * The one-line plain status: `ccp ✓ 12 req · 38 tok/s · 98% ok · $0.04`. Shell segments parse
 * the `N req`, `N tok/s` and `N% ok` fields, so keep their shape.
 *
 * @example formatStatusLine(snapshot) // 'ccp ✓ 12 req · 38 tok/s · 98% ok · $0.04'
 */
export function formatStatusLine(snapshot: StatusSnapshot): string {
  const speed =
    snapshot.tokensPerSecond === null ? '— tok/s' : `${Math.round(snapshot.tokensPerSecond)} tok/s`;
  const success = snapshot.successRate === null ? '—% ok' : `${Math.floor(snapshot.successRate * 100)}% ok`;
  const cost = `$${snapshot.costUsd.toFixed(2)}`;
  const active = snapshot.active > 0 ? ` · ${snapshot.active} active` : '';
  return `ccp ✓ ${snapshot.requests} req · ${speed} · ${success} · ${cost}${active}`;
}

const _errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });

/**
 * `GET /status` (JSON) and `GET /status?format=line` (one plain line), as a Hono sub-app to
 * mount beside the other API routes with `app.route('/api', createStatusRoutes({ snapshot }))`.
 * `authorize` decides who may read it (default: everyone; the shell segment sends
 * `CCP_STATUS_KEY` as `x-api-key`). Never cached: the numbers change with every request.
 *
 * @example
 * app.route('/api', createStatusRoutes({ snapshot: stats.statusSnapshot }));
 * await (await app.request('/api/status?format=line')).text(); // 'ccp ✓ 0 req · — tok/s · —% ok · $0.00\n'
 */
export function createStatusRoutes(options: {
  snapshot: () => StatusSnapshot;
  authorize?: (request: Request) => boolean;
}) {
  const app = new Hono();
  app.get('/status', (c) => {
    c.header('cache-control', 'no-store');
    if (options.authorize && !options.authorize(c.req.raw)) {
      return c.json(
        _errorBody(
          'authentication_error',
          'The status needs a key here: send the admin key as x-api-key (CCP_STATUS_KEY for the shell segment).',
        ),
        401,
      );
    }
    const format = c.req.query('format');
    if (format === 'line') return c.text(`${formatStatusLine(options.snapshot())}\n`);
    if (format !== undefined && format !== 'json') {
      return c.json(
        _errorBody('invalid_request_error', `Unknown format "${format}": use format=json or format=line.`),
        400,
      );
    }
    return c.json(options.snapshot());
  });
  return app;
}
