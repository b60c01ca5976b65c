import type { MiddlewareHandler } from 'hono';
import type { ClientAdmission } from './admit-client';

export type ClientVariables = { userId: string | null; requestId: string };

/** Hono middleware for `/v1/*` over {@link createClientAdmission}: sets `userId` and `requestId`. */
export function clientAuth(
  admit: ClientAdmission,
  nextRequestId: () => string,
): MiddlewareHandler<{
  Variables: ClientVariables;
}> {
  return async (c, next) => {
    const startedAt = Date.now();
    const requestId = nextRequestId();
    c.set('requestId', requestId);
    c.set(
      'userId',
      await admit(c.req.raw.headers, {
        requestId,
        startedAt,
        messages: c.req.method === 'POST' && c.req.path === '/v1/messages',
      }),
    );
    return next();
  };
}
