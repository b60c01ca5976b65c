import type { MiddlewareHandler } from 'hono';
import { keysMatch, presentedApiKey } from './auth/api-key';
import { AnthropicApiError } from '@ccp/convert';
import { errorResponse } from './http/render-error';

/** Options of {@link requireAdmin}. */
export interface AdminAuthOptions {
  /** `ADMIN_KEY`, falling back to `PROXY_AUTH_KEY` (see {@link resolveAdminKey}); null when neither is set. */
  adminKey: string | null | undefined;
}

/** `ADMIN_KEY` when set, else `PROXY_AUTH_KEY`, else null (admin APIs then answer 403). */
export function resolveAdminKey(settings: {
  adminKey?: string | null;
  proxyAuthKey?: string | null;
}): string | null {
  return settings.adminKey || settings.proxyAuthKey || null;
}

/**
 * Lets a request through only with the admin key, as `x-api-key` or `Authorization: Bearer`,
 * compared in constant time. Without a configured key every admin route answers 403: an
 * unprotected admin API on a network port is worse than a disabled one.
 *
 * @example
 * app.get('/users', requireAdmin({ adminKey }), (c) => ...);
 */
export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler {
  const adminKey = options.adminKey || null;
  return async (context, next) => {
    if (adminKey === null) {
      return errorResponse(
        new AnthropicApiError(
          'Admin APIs are turned off because no admin key is configured. Set ADMIN_KEY (or PROXY_AUTH_KEY) and restart the proxy.',
          { errorType: 'permission_error' },
        ),
      );
    }
    const presented = presentedApiKey(context.req.raw.headers);
    if (presented === undefined) {
      return errorResponse(
        new AnthropicApiError(
          'This admin API needs the admin key (ADMIN_KEY) as x-api-key or Authorization: Bearer.',
          { errorType: 'authentication_error' },
        ),
      );
    }
    if (!keysMatch(presented, adminKey)) {
      return errorResponse(
        new AnthropicApiError(
          'Invalid admin key: send ADMIN_KEY (or PROXY_AUTH_KEY when ADMIN_KEY is not set).',
          { errorType: 'authentication_error' },
        ),
      );
    }
    await next();
  };
}
