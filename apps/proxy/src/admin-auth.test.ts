import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requireAdmin, resolveAdminKey } from './admin-auth';

function app(adminKey: string | null) {
  return new Hono().get('/secret', requireAdmin({ adminKey }), (c) => c.json({ ok: true }));
}

describe('requireAdmin', () => {
  it('accepts the admin key as x-api-key or as a Bearer token', async () => {
    const protectedApp = app('admin-secret');
    expect((await protectedApp.request('/secret', { headers: { 'x-api-key': 'admin-secret' } })).status).toBe(
      200,
    );
    const bearer = await protectedApp.request('/secret', {
      headers: { authorization: 'Bearer admin-secret' },
    });
    expect(await bearer.json()).toEqual({ ok: true });
  });

  it('answers 401 in the Anthropic envelope without or with a wrong key', async () => {
    const protectedApp = app('admin-secret');
    const missing = await protectedApp.request('/secret');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: expect.stringContaining('ADMIN_KEY') },
    });
    const wrong = await protectedApp.request('/secret', { headers: { 'x-api-key': 'admin-secreT' } });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toContain('admin-secret');
  });

  it('answers 403 telling to set ADMIN_KEY when no admin key is configured', async () => {
    const response = await app(null).request('/secret', { headers: { 'x-api-key': 'anything' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { type: 'permission_error', message: expect.stringContaining('Set ADMIN_KEY') },
    });
  });

  it('falls back from ADMIN_KEY to PROXY_AUTH_KEY', () => {
    expect(resolveAdminKey({ adminKey: 'a', proxyAuthKey: 'p' })).toBe('a');
    expect(resolveAdminKey({ adminKey: '', proxyAuthKey: 'p' })).toBe('p');
    expect(resolveAdminKey({})).toBeNull();
  });
});
