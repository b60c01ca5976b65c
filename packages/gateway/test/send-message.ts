import type { Gateway } from '../src/gateway';
import { answerToResponse, type MessagesCall, webMessagesCall } from '../src/messages/messages-answer';

export type MessageOptions = {
  headers?: Record<string, string>;
  userId?: string | null;
  requestId?: string;
};

/** A `POST /v1/messages` call carrying `body` (an object is sent as its JSON), as a server hands it to the gateway. */
export function messagesCall(body: unknown, options: MessageOptions = {}): MessagesCall {
  const request = new Request('http://proxy.test/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return webMessagesCall(request, {
    userId: options.userId ?? null,
    ...(options.requestId ? { requestId: options.requestId } : {}),
  });
}

/**
 * Sends one message through the gateway and reads the whole answer; a refusal gives the status
 * of the error the gateway threw.
 */
export async function sendMessage(
  gateway: Pick<Gateway, 'handle'>,
  body: unknown,
  options?: MessageOptions,
): Promise<{ status: number; text: string }> {
  try {
    const response = answerToResponse(await gateway.handle(messagesCall(body, options)));
    return { status: response.status, text: await response.text() };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number') throw error;
    return { status, text: '' };
  }
}
