import type { Meter } from '@ccp/metering';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminHeaders, adminKey, openTestMeter, testRecord } from '../../test/support/route-test-meter';
import { createUserRoutes, quotaExceededError } from './users-routes';

let meter: Meter;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ meter, cleanup } = await openTestMeter());
});
afterEach(async () => {
  await cleanup();
});

function app() {
  return createUserRoutes({ meter, adminKey });
}

async function createUser(body: Record<string, unknown>) {
  return app().request('/users', {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

type CreatedUser = { user: { id: string; username: string; quota_requests: number | null }; api_key: string };

describe('user routes', () => {
  it('creates a user with quotas and shows the key once', async () => {
    const response = await createUser({
      username: 'ada',
      email: 'ada@example.com',
      quota_requests: 100,
      quota_tokens: 5000,
      quota_cost: 2.5,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as CreatedUser & { message: string };
    expect(body.user).toMatchObject({
      username: 'ada',
      email: 'ada@example.com',
      quota_requests: 100,
      quota_tokens: 5000,
      quota_cost: 2.5,
    });
    expect(body.api_key).toMatch(/^ccp_/);
    expect(body.message).toContain('shown only once');

    const list = await app().request('/users', { headers: adminHeaders });
    const listed = (await list.json()) as { users: Record<string, unknown>[] };
    expect(listed.users).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(body.api_key);
  });

  it('validates the body with 400s naming the field, and 409 for a taken username', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'username'],
      [{ username: 'ada', quota_requests: -1 }, 'quota_requests'],
      [{ username: 'ada', quota_tokens: 1.5 }, 'quota_tokens'],
      [{ username: 'ada', quota_cost: 'lots' }, 'quota_cost'],
      [{ username: 'ada', email: 'nope' }, 'email'],
      [{ username: 'has space' }, 'username'],
    ];
    for (const [body, field] of cases) {
      const response = await createUser(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json()) as { error: { type: string; message: string } };
      expect(error.error.type).toBe('invalid_request_error');
      expect(error.error.message).toContain(field);
    }
    const notJson = await app().request('/users', { method: 'POST', headers: adminHeaders, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await createUser({ username: 'ada' })).status).toBe(201);
    const taken = await createUser({ username: 'ada' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('already exists') },
    });
  });

  it('protects admin routes with the admin key, and refuses a user key there', async () => {
    const created = (await (await createUser({ username: 'ada' })).json()) as CreatedUser;
    expect((await app().request('/users')).status).toBe(401);
    expect((await app().request('/users', { headers: { 'x-api-key': created.api_key } })).status).toBe(401);
    const off = createUserRoutes({ meter, adminKey: null });
    expect((await off.request('/users', { headers: adminHeaders })).status).toBe(403);
  });

  it('serves /users/me, quota and usage to the key owner', async () => {
    const created = (await (await createUser({ username: 'ada', quota_requests: 10 })).json()) as CreatedUser;
    const userHeaders = { authorization: `Bearer ${created.api_key}` };
    const me = await app().request('/users/me', { headers: userHeaders });
    expect(await me.json()).toMatchObject({ id: created.user.id, username: 'ada' });

    const reserved = await meter.reserveQuota(created.user.id, { requestId: 'q1' });
    expect(reserved.ok).toBe(true);
    meter.record(
      testRecord({ id: 'q1', userId: created.user.id, inputTokens: 30, outputTokens: 12, costUsd: 0.25 }),
    );
    await meter.flush();

    const quota = await app().request('/users/me/quota', { headers: userHeaders });
    expect(await quota.json()).toMatchObject({
      user_id: created.user.id,
      requests: { used: 1, limit: 10, remaining: 9 },
      tokens: { used: 42, limit: null },
      cost: { used: 0.25, limit: null },
    });

    const usage = await app().request('/users/me/usage?days=7', { headers: userHeaders });
    expect(await usage.json()).toMatchObject({
      days: 7,
      totals: { requests: 1, inputTokens: 30, outputTokens: 12, costUsd: 0.25 },
      daily: [{ requests: 1 }],
    });
    expect((await app().request('/users/me/usage?days=x', { headers: userHeaders })).status).toBe(400);
    expect((await app().request('/users/me')).status).toBe(401);
    expect((await app().request('/users/me', { headers: { 'x-api-key': 'ccp_wrong' } })).status).toBe(401);
  });

  it('rotates a key and disables a user, with 404 for unknown ids', async () => {
    const created = (await (await createUser({ username: 'ada' })).json()) as CreatedUser;
    const rotated = await app().request(`/users/${created.user.id}/rotate-key`, {
      method: 'POST',
      headers: adminHeaders,
    });
    const { api_key: newKey } = (await rotated.json()) as { api_key: string };
    expect(newKey).not.toBe(created.api_key);
    expect((await app().request('/users/me', { headers: { 'x-api-key': created.api_key } })).status).toBe(
      401,
    );
    expect((await app().request('/users/me', { headers: { 'x-api-key': newKey } })).status).toBe(200);

    const disabled = await app().request(`/users/${created.user.id}/disable`, {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(await disabled.json()).toMatchObject({ user: { disabled_at: expect.any(String) } });
    expect((await app().request('/users/me', { headers: { 'x-api-key': newKey } })).status).toBe(401);

    for (const action of ['disable', 'rotate-key']) {
      const missing = await app().request(`/users/usr_missing/${action}`, {
        method: 'POST',
        headers: adminHeaders,
      });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    }
  });

  it('turns a refused quota into a 429 rate_limit_error naming the limit, with retry-after', async () => {
    const created = (await (await createUser({ username: 'ada', quota_requests: 1 })).json()) as CreatedUser;
    expect((await meter.reserveQuota(created.user.id)).ok).toBe(true);
    const refused = await meter.reserveQuota(created.user.id);
    if (refused.ok) throw new Error('the second request should have been refused');
    const response = quotaExceededError(refused, refused.resetsAt.getTime() - 90_500).toResponse();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('91');
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: expect.stringMatching(/Daily request quota reached.*resets at/),
      },
    });
  });
});
