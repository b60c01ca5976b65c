import type { AnthropicApiError } from '@ccp/convert';
import type { RejectedCall } from '@ccp/gateway';
import type { HeaderSource } from './api-key';
import type { ClientAuthenticator } from './authenticate-client';

export type ClientAdmissionOptions = {
  /** The 403 for a browser `Origin` that is not allowed, or null. */
  checkOrigin: (origin: string | null | undefined) => AnthropicApiError | null;
  authenticate: ClientAuthenticator;
  /** Records a refused `POST /v1/messages` (`gateway.reject`). */
  reject: (call: RejectedCall, error: unknown) => unknown;
};

export type AdmissionCall = {
  requestId: string;
  /** When the request arrived (epoch milliseconds). */
  startedAt: number;
  /** `POST /v1/messages`: reserves quota, and a refusal is recorded like any failed request. */
  messages: boolean;
};

/**
 * The one gate in front of `/v1/*`, for Node's messages route and Hono's middleware alike: the
 * browser-origin check, then the key (and for messages the quota). Resolves with the user id, or
 * rejects with the error to answer; a refused message request is first handed to `reject`, so
 * it shows on the feed, in metering and in the log like every other failed request.
 */
export function createClientAdmission(options: ClientAdmissionOptions) {
  const { checkOrigin, authenticate, reject } = options;
  return async function admitClient(headers: HeaderSource, call: AdmissionCall): Promise<string | null> {
    let userId: string | null = null;
    try {
      const originRefusal = checkOrigin(headers.get('origin'));
      if (originRefusal) throw originRefusal;
      const identity = await authenticate(headers, {
        reservesQuota: call.messages,
        requestId: call.requestId,
      });
      userId = identity.userId;
      if (identity.refusal) throw identity.refusal;
      return userId;
    } catch (error) {
      if (call.messages) {
        reject(
          {
            requestId: call.requestId,
            startedAt: call.startedAt,
            userId,
            header: (name) => headers.get(name),
          },
          error,
        );
      }
      throw error;
    }
  };
}

export type ClientAdmission = ReturnType<typeof createClientAdmission>;
