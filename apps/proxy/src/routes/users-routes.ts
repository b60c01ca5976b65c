import { errorResponse } from '../http/render-error';
import { AnthropicApiError } from '@ccp/convert';
import { type Meter, MeteringInputError, type QuotaDecision, type User } from '@ccp/metering';
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { requireAdmin } from '../admin-auth';
import { presentedApiKey } from '../auth/api-key';
import { daysParameter, parseJsonBody, parseQuery } from './api-route-helpers';

/** Options of {@link createUserRoutes}. */
export interface UserRoutesOptions {
  meter: Meter;
  /** Admin key guarding user management; null answers 403 (see requireAdmin). */
  adminKey: string | null | undefined;
}

const optionalLimit = (name: string, integer: boolean) =>
  v.optional(
    v.nullable(
      integer
        ? v.pipe(
            v.number(`${name} must be a number`),
            v.integer(`${name} must be a whole number`),
            v.minValue(0, `${name} must be at least 0`),
          )
        : v.pipe(
            v.number(`${name} must be a number`),
            v.finite(`${name} must be finite`),
            v.minValue(0, `${name} must be at least 0`),
          ),
    ),
  );

const createUserBody = v.object(
  {
    username: v.pipe(v.string('username is required'), v.trim(), v.minLength(1, 'username is required')),
    email: v.optional(
      v.nullable(
        v.pipe(v.string('email must be a string'), v.email('email must look like name@example.com')),
      ),
    ),
    quota_requests: optionalLimit('quota_requests (requests per day)', true),
    quota_tokens: optionalLimit('quota_tokens (tokens per day)', true),
    quota_cost: optionalLimit('quota_cost (US dollars per month)', false),
  },
  'The body must be a JSON object such as {"username":"ada","quota_requests":1000}.',
);

/** A user as the API shows it (snake_case like the request body); never holds a key. */
export function userJson(user: User) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    created_at: new Date(user.createdAt).toISOString(),
    disabled_at: user.disabledAt === null ? null : new Date(user.disabledAt).toISOString(),
    quota_requests: user.quotaRequests,
    quota_tokens: user.quotaTokens,
    quota_cost: user.quotaCost,
  };
}

function rethrowInputError(error: unknown): never {
  if (error instanceof MeteringInputError) {
    if (error.code === 'conflict')
      throw new AnthropicApiError(error.message, { errorType: 'invalid_request_error', status: 409 });
    if (error.code === 'not-found')
      throw new AnthropicApiError(error.message, { errorType: 'not_found_error' });
    if (error.code === 'disabled')
      throw new AnthropicApiError(error.message, { errorType: 'permission_error' });
    throw new AnthropicApiError(error.message, { errorType: 'invalid_request_error' });
  }
  throw error;
}

async function currentUser(meter: Meter, context: Context): Promise<User> {
  const apiKey = presentedApiKey(context.req.raw.headers);
  if (!apiKey) {
    throw new AnthropicApiError('Send your ccp user key as x-api-key or Authorization: Bearer.', {
      errorType: 'authentication_error',
    });
  }
  const user = await meter.authenticate(apiKey);
  if (!user) {
    throw new AnthropicApiError(
      'Invalid or disabled user key; ask the proxy administrator for a new key (POST /api/users/{id}/rotate-key).',
      { errorType: 'authentication_error' },
    );
  }
  return user;
}

/**
 * The 429 `rate_limit_error` for a refused quota reservation, with `retry-after` (seconds until
 * the limit resets) so clients that honour it wait instead of hammering.
 *
 * @example
 * const decision = await meter.reserveQuota(user.id, { requestId });
 * if (!decision.ok) throw quotaExceededError(decision);
 */
export function quotaExceededError(
  decision: Extract<QuotaDecision, { ok: false }>,
  now = Date.now(),
): AnthropicApiError {
  const seconds = Math.max(1, Math.ceil((decision.resetsAt.getTime() - now) / 1000));
  return new AnthropicApiError(decision.message, {
    status: 429,
    errorType: 'rate_limit_error',
    headers: { 'retry-after': String(seconds) },
  });
}

const keyNotice = 'Store this key now: it is shown only once and kept only as a hash.';

/**
 * Users, keys and quotas. Admin: `POST /users`, `GET /users`, `POST /users/:id/disable`,
 * `POST /users/:id/rotate-key`. With a user key: `GET /users/me`, `/users/me/quota`,
 * `/users/me/usage?days=7`. Mount under `/api`.
 *
 * @example
 * app.route('/api', createUserRoutes({ meter, adminKey }));
 */
export function createUserRoutes(options: UserRoutesOptions): Hono {
  const { meter } = options;
  const admin = requireAdmin({ adminKey: options.adminKey });
  const app = new Hono();
  app.onError((error) => errorResponse(error));

  app.get('/users/me', async (c) => c.json(userJson(await currentUser(meter, c))));

  app.get('/users/me/quota', async (c) => {
    const user = await currentUser(meter, c);
    const status = await meter.quotaStatus(user.id);
    if (!status)
      throw new AnthropicApiError('Your user no longer exists; ask the proxy administrator.', {
        errorType: 'not_found_error',
      });
    return c.json({ user_id: user.id, requests: status.requests, tokens: status.tokens, cost: status.cost });
  });

  app.get('/users/me/usage', async (c) => {
    const user = await currentUser(meter, c);
    const { days } = parseQuery(c, v.object({ days: daysParameter(7) }));
    const daily = await meter.dailyUsage(user.id, days);
    const totals = daily.reduce(
      (sum, day) => ({
        requests: sum.requests + day.requests,
        inputTokens: sum.inputTokens + day.inputTokens,
        outputTokens: sum.outputTokens + day.outputTokens,
        totalTokens: sum.totalTokens + day.totalTokens,
        costUsd: sum.costUsd + day.costUsd,
      }),
      { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 },
    );
    return c.json({ user_id: user.id, days, totals, daily });
  });

  app.post('/users', admin, async (c) => {
    const body = await parseJsonBody(c, createUserBody);
    const created = await meter
      .createUser({
        username: body.username,
        email: body.email ?? null,
        quotaRequests: body.quota_requests ?? null,
        quotaTokens: body.quota_tokens ?? null,
        quotaCost: body.quota_cost ?? null,
      })
      .catch(rethrowInputError);
    return c.json({ user: userJson(created.user), api_key: created.apiKey, message: keyNotice }, 201);
  });

  app.get('/users', admin, async (c) => c.json({ users: (await meter.listUsers()).map(userJson) }));

  app.post('/users/:id/disable', admin, async (c) => {
    const user = await meter.disableUser(c.req.param('id'));
    if (!user)
      throw new AnthropicApiError(`No user with id "${c.req.param('id')}"; see GET /api/users.`, {
        errorType: 'not_found_error',
      });
    return c.json({ user: userJson(user) });
  });

  app.post('/users/:id/rotate-key', admin, async (c) => {
    const rotated = await meter.rotateKey(c.req.param('id'));
    if (!rotated)
      throw new AnthropicApiError(`No user with id "${c.req.param('id')}"; see GET /api/users.`, {
        errorType: 'not_found_error',
      });
    return c.json({
      user: userJson(rotated.user),
      api_key: rotated.apiKey,
      message: `The old key no longer works. ${keyNotice}`,
    });
  });

  return app;
}
