import type { MiddlewareHandler } from 'hono';
import type { ClientAuthenticator } from './authenticate-client';

export type ClientVariables = { userId: string | null; requestId: string };

/** Hono middleware for `/v1/*` over {@link createClientAuthenticator}: sets `userId` and `requestId`. */
export function clientAuth(
  authenticate: ClientAuthenticator,
  nextRequestId: () => string,
): MiddlewareHandler<{
  Variables: ClientVariables;
}> {
  return async (c, next) => {
    const requestId = nextRequestId();
    c.set('requestId', requestId);
    c.set(
      'userId',
      await authenticate(c.req.raw.headers, { reservesQuota: c.req.path === '/v1/messages', requestId }),
    );
    return next();
  };
}
