import { AnthropicApiError } from '@ccp/convert';
import type { Meter } from '@ccp/metering';
import { quotaExceededError } from '../routes/users-routes';
import { type HeaderSource, keysMatch, presentedApiKey } from './api-key';

export type ClientAuthOptions = { proxyAuthKey: string | undefined; meter: Meter };

/**
 * Who is calling `/v1/*`: the proxy key (PROXY_AUTH_KEY) or, once users exist, a user's key.
 * For messages a user's quota is reserved before anything goes upstream; over quota is 429
 * `rate_limit_error` naming the limit and when it resets. Resolves with the user id (null for
 * the proxy key or an open proxy), or rejects with the Anthropic error to answer.
 */
export function createClientAuthenticator(options: ClientAuthOptions) {
  const { proxyAuthKey, meter } = options;
  // Once a user exists, keys are required from then on; "no users yet" is asked each time,
  // so a user created through the admin API closes anonymous access at once.
  let usersExist = false;
  const hasUsers = async () => {
    if (!usersExist) usersExist = await meter.hasUsers();
    return usersExist;
  };

  return async function authenticateClient(
    headers: HeaderSource,
    call: { reservesQuota: boolean; requestId: string },
  ): Promise<string | null> {
    const key = presentedApiKey(headers);
    if (proxyAuthKey !== undefined && keysMatch(key, proxyAuthKey)) return null;
    const users = await hasUsers();
    if (key !== undefined && users) {
      const user = await meter.authenticate(key);
      if (!user) throw unauthorized(proxyAuthKey);
      if (call.reservesQuota) {
        const decision = await meter.reserveQuota(user.id, { requestId: call.requestId });
        if (!decision.ok) throw quotaExceededError(decision);
      }
      return user.id;
    }
    if (proxyAuthKey !== undefined || users) throw unauthorized(proxyAuthKey);
    return null;
  };
}

export type ClientAuthenticator = ReturnType<typeof createClientAuthenticator>;

function unauthorized(proxyAuthKey: string | undefined): AnthropicApiError {
  return AnthropicApiError.fromStatus(
    401,
    proxyAuthKey !== undefined
      ? 'Invalid API key: send the proxy key (PROXY_AUTH_KEY) or your user key as x-api-key or Authorization: Bearer.'
      : 'Invalid API key: send your ccp user key as x-api-key or Authorization: Bearer.',
  );
}
