import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createStatusRoutes, formatStatusLine } from './status-routes';
import { busyStatus as busy } from './__fixtures__/busy-status';

/** Mounted the way the proxy mounts its API routes. */
function mounted(options: Parameters<typeof createStatusRoutes>[0]) {
  return new Hono().route('/api', createStatusRoutes(options));
}

describe('status routes', () => {
  it('answers the snapshot as JSON, fresh on every call', async () => {
    let requests = 12;
    const app = mounted({ snapshot: () => ({ ...busy, requests }) });
    const first = await app.request('/api/status');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual(busy);
    requests = 13;
    expect(await (await app.request('/api/status?format=json')).json()).toMatchObject({ requests: 13 });
  });

  it('answers one plain line with format=line', async () => {
    const app = mounted({ snapshot: () => busy });
    const response = await app.request('/api/status?format=line');
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('ccp ✓ 12 req · 38 tok/s · 91% ok · $0.04\n');
  });

  it('formats a fresh proxy and live requests', () => {
    expect(
      formatStatusLine({
        ...busy,
        requests: 0,
        successRate: null,
        tokensPerSecond: null,
        costUsd: 0,
        active: 0,
      }),
    ).toBe('ccp ✓ 0 req · — tok/s · —% ok · $0.00');
    expect(formatStatusLine({ ...busy, active: 2, successRate: 1 })).toBe(
      'ccp ✓ 12 req · 38 tok/s · 100% ok · $0.04 · 2 active',
    );
  });

  it('marks a failing proxy with ! and never claims success it has not seen', () => {
    const failing = {
      ...busy,
      requests: 3,
      succeeded: 0,
      failed: 3,
      successRate: 0,
      tokensPerSecond: null,
      costUsd: 0,
    };
    expect(formatStatusLine(failing)).toBe('ccp ! 3 req · — tok/s · 0% ok · $0.00');
    expect(formatStatusLine({ ...busy, successRate: 0.89 })).toMatch(/^ccp ! 12 req .* 89% ok/);
    expect(formatStatusLine({ ...busy, successRate: 0.9 })).toMatch(/^ccp ✓ 12 req .* 90% ok/);
    // Requests under way and none finished: nothing failed, nothing is claimed.
    const waiting = formatStatusLine({ ...busy, requests: 2, active: 2, successRate: null });
    expect(waiting).toBe('ccp ✓ 2 req · 38 tok/s · —% ok · $0.04 · 2 active');
    expect(waiting).not.toContain('100%');
  });

  it('rejects an unknown format in the Anthropic error envelope', async () => {
    const app = mounted({ snapshot: () => busy });
    const response = await app.request('/api/status?format=xml');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: 'Unknown format "xml": use format=json or format=line.',
      },
    });
  });

  it('asks for a key when authorize refuses, before computing anything', async () => {
    let snapshots = 0;
    const app = mounted({
      snapshot: () => {
        snapshots += 1;
        return busy;
      },
      authorize: (request) => request.headers.get('x-api-key') === 'admin-key',
    });
    const refused = await app.request('/api/status?format=line');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      type: 'error',
      error: {
        type: 'authentication_error',
        message:
          'The status needs a key here: send the admin key as x-api-key (CCP_STATUS_KEY for the shell segment).',
      },
    });
    expect(snapshots).toBe(0);
    const allowed = await app.request('/api/status?format=line', { headers: { 'x-api-key': 'admin-key' } });
    expect(allowed.status).toBe(200);
    expect(snapshots).toBe(1);
  });
});
