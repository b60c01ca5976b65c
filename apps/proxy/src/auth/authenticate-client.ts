import { AnthropicApiError } from '@ccp/convert';
import type { Meter } from '@ccp/metering';
import { quotaExceededError } from '../routes/users-routes';
import { type HeaderSource, keysMatch, presentedApiKey } from './api-key';

export type ClientAuthOptions = { proxyAuthKey: string | undefined; meter: Meter };

/**
 * Who is calling `/v1/*`: the proxy key (PROXY_AUTH_KEY) or, once users exist, a user's key.
 * For messages a user's quota is reserved before anything goes upstream; over quota is 429
 * `rate_limit_error` naming the limit and when it resets. Resolves with the user id (null for
 * the proxy key or an open proxy) and, when the call is refused, the Anthropic error to answer;
 * a refused user is still named, so the refusal is recorded as theirs.
 */
export function createClientAuthenticator(options: ClientAuthOptions) {
  const { proxyAuthKey, meter } = options;
  // Once a user exists, keys are required from then on. The meter is asked on every call: it
  // keeps a yes, and reads "no users yet" again, so a user created through the admin API, by
  // this process or another, closes anonymous access at once.

  return async function authenticateClient(
    headers: HeaderSource,
    call: { reservesQuota: boolean; requestId: string },
  ): Promise<ClientIdentity> {
    const key = presentedApiKey(headers);
    if (proxyAuthKey !== undefined && keysMatch(key, proxyAuthKey)) return { userId: null };
    const users = await meter.hasUsers();
    if (key !== undefined && users) {
      const user = await meter.authenticate(key);
      if (!user) return { userId: null, refusal: unauthorized(proxyAuthKey) };
      if (call.reservesQuota) {
        const decision = await meter.reserveQuota(user.id, { requestId: call.requestId });
        if (!decision.ok) return { userId: user.id, refusal: quotaExceededError(decision) };
      }
      return { userId: user.id };
    }
    if (proxyAuthKey !== undefined || users) return { userId: null, refusal: unauthorized(proxyAuthKey) };
    return { userId: null };
  };
}

/** Who called (null: the proxy key or an open proxy), and the error to answer when refused. */
export type ClientIdentity = { userId: string | null; refusal?: AnthropicApiError };

export type ClientAuthenticator = ReturnType<typeof createClientAuthenticator>;

function unauthorized(proxyAuthKey: string | undefined): AnthropicApiError {
  // No colon after "key": log lines mask whatever follows `key:` as if it were one.
  return AnthropicApiError.fromStatus(
    401,
    proxyAuthKey !== undefined
      ? 'Invalid API key. Send the proxy key (PROXY_AUTH_KEY) or your user key as x-api-key or Authorization: Bearer.'
      : 'Invalid API key. Send your ccp user key as x-api-key or Authorization: Bearer.',
  );
}
