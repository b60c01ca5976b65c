import type { StatusSnapshot } from '@ccp/gateway';
import { Hono } from 'hono';

export type { StatusSnapshot };

/** Below this share of recent requests answered, the status line shows `!` instead of `✓`. */
export const HEALTHY_SUCCESS_RATE = 0.9;

/**
 * `✓` while the recent requests mostly succeed (or none has finished yet), `!` when more than
 * one in ten failed. A proxy that does not answer is `✗ down`, which only the caller can tell.
 */
export function statusMark(snapshot: Pick<StatusSnapshot, 'successRate'>): '✓' | '!' {
  return snapshot.successRate === null || snapshot.successRate >= HEALTHY_SUCCESS_RATE ? '✓' : '!';
}

/**
 * The one-line plain status: `ccp ✓ 12 req · 38 tok/s · 98% ok · $0.04`, with `!` for the mark
 * when requests are failing ({@link statusMark}) and `—% ok` before any request has finished.
 * Shell segments parse the mark and the `N req`, `N tok/s` and `N% ok` fields, so keep their shape.
 *
 * @example formatStatusLine(snapshot) // 'ccp ✓ 12 req · 38 tok/s · 98% ok · $0.04'
 * @example formatStatusLine(failing) // 'ccp ! 3 req · — tok/s · 0% ok · $0.00'
 */
export function formatStatusLine(snapshot: StatusSnapshot): string {
  const speed =
    snapshot.tokensPerSecond === null ? '— tok/s' : `${Math.round(snapshot.tokensPerSecond)} tok/s`;
  const success = snapshot.successRate === null ? '—% ok' : `${Math.floor(snapshot.successRate * 100)}% ok`;
  const cost = `$${snapshot.costUsd.toFixed(2)}`;
  const active = snapshot.active > 0 ? ` · ${snapshot.active} active` : '';
  return `ccp ${statusMark(snapshot)} ${snapshot.requests} req · ${speed} · ${success} · ${cost}${active}`;
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
