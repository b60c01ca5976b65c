import { randomBytes } from 'node:crypto';
import { AnthropicApiError } from '@ccp/convert';
import type { Meter } from '@ccp/metering';
import type { MiddlewareHandler } from 'hono';
import { quotaExceededResponse } from '../routes/users-routes';
import { keysMatch, presentedApiKey } from './api-key';

export type ClientVariables = { userId: string | null; requestId: string };

/**
 * Authenticates callers of `/v1/*`: the proxy key (PROXY_AUTH_KEY) or, once users exist, a
 * user's key. For messages, a user's quota is reserved before anything goes upstream; over
 * quota is 429 `rate_limit_error` naming the limit and when it resets.
 */
export function clientAuth(options: { proxyAuthKey: string | undefined; meter: Meter }): MiddlewareHandler<{
  Variables: ClientVariables;
}> {
  const { proxyAuthKey, meter } = options;
  // Once a user exists, keys are required from then on; "no users yet" is asked each time,
  // so a user created through the admin API closes anonymous access at once.
  let usersExist = false;
  const hasUsers = async () => {
    if (!usersExist) usersExist = await meter.hasUsers();
    return usersExist;
  };

  return async (c, next) => {
    const requestId = `req_${randomBytes(12).toString('base64url')}`;
    c.set('requestId', requestId);
    c.set('userId', null);
    const key = presentedApiKey(c.req.raw.headers);
    if (proxyAuthKey !== undefined && keysMatch(key, proxyAuthKey)) return next();
    const users = await hasUsers();
    if (key !== undefined && users) {
      const user = await meter.authenticate(key);
      if (!user) throw unauthorized(proxyAuthKey);
      c.set('userId', user.id);
      if (c.req.path === '/v1/messages') {
        const decision = await meter.reserveQuota(user.id, { requestId });
        if (!decision.ok) return quotaExceededResponse(decision);
      }
      return next();
    }
    if (proxyAuthKey !== undefined || users) throw unauthorized(proxyAuthKey);
    return next();
  };
}

function unauthorized(proxyAuthKey: string | undefined): AnthropicApiError {
  return AnthropicApiError.fromStatus(
    401,
    proxyAuthKey !== undefined
      ? 'Invalid API key: send the proxy key (PROXY_AUTH_KEY) or your user key as x-api-key or Authorization: Bearer.'
      : 'Invalid API key: send your ccp user key as x-api-key or Authorization: Bearer.',
  );
}
