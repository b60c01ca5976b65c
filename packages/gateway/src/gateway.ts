import type { Catalog } from '@ccp/catalog';
import type { RoutingSettings, Settings } from '@ccp/config';
import type { RequestEventInput } from '@ccp/feed';
import type { AnthropicApiError } from '@ccp/convert';
import type { Meter } from '@ccp/metering';
import { handleCountTokens } from './messages/handle-count-tokens';
import { createMessagesHandler } from './messages/handle-messages';
import type { MessagesAnswer, MessagesCall } from './messages/messages-answer';
import { createRequestIds } from './messages/request-id';
import { SessionTools } from './messages/session-tools';
import { createModelLookup } from './models/model-lookup';
import { createFeedObserver } from './observe/feed-observer';
import { createMeteringObserver } from './observe/metering-observer';
import { observeRefusedRequest } from './observe/refused-request';
import { combineObservers, type RequestObserver } from './observe/request-observer';
import type { PromptInjector } from './prompt-injection';
import { configuredSecrets } from './secrets/configured-secrets';
import type { CircuitBreaker } from './upstream/circuit-breaker';
import type { UpstreamClient } from './upstream/upstream-client';

export type GatewayLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type GatewayLog = (level: GatewayLogLevel, message: string) => void;

export type GatewayOptions = {
  settings: Settings;
  /** Task routes, fallbacks, retries, breaker and context guard; one try and no routes when left out. */
  routing?: RoutingSettings;
  /** Model metadata for capabilities, output caps and cost estimates. */
  catalog?: Catalog;
  /** The keep-alive pool every upstream call goes through. */
  upstream: UpstreamClient;
  /** Every finished request is recorded here when given. */
  meter?: Meter;
  /** Every request's lifecycle is published here as feed events when given. */
  publish?: (event: RequestEventInput) => void;
  /** More observers of each request (tests, embedders). */
  observers?: RequestObserver[];
  /** Adds proxy stats to the system prompt when prompt injection is on. */
  injector?: PromptInjector;
  /** One per process, shared by every request, so a dead endpoint is skipped by all of them. */
  breaker?: CircuitBreaker;
  /** Conversion warnings, routing decisions and internal failures; secrets are already masked. */
  log?: GatewayLog;
};

/** A `POST /v1/messages` the server refused before handing it to {@link Gateway.handle}. */
export type RejectedCall = Pick<MessagesCall, 'header' | 'userId'> & {
  requestId: string;
  /** When the request arrived (epoch milliseconds). */
  startedAt: number;
};

export type Gateway = {
  /** `POST /v1/messages`: Anthropic request in, Anthropic JSON or events out; failures throw `AnthropicApiError`. */
  handle(call: MessagesCall): Promise<MessagesAnswer>;
  /** `POST /v1/messages/count_tokens`: the local estimate. */
  countTokens(call: MessagesCall): Promise<MessagesAnswer>;
  /**
   * Records a `POST /v1/messages` the server refused before handing it over (a browser origin,
   * a wrong key, a user over quota, its own failure) like every failed request: on the feed, in
   * metering (using no quota) and so in the logs and dashboards. Requests that reach `handle` are
   * recorded by it, refused or not. Returns the error as the client gets it (a 500 when `error`
   * is not an `AnthropicApiError`).
   */
  reject(call: RejectedCall, error: unknown): AnthropicApiError;
  /** A new request id (`req_…`), for servers that name a request before handing it over. */
  nextRequestId(): string;
  /** Every configured key, for masking in whatever else leaves the process. */
  readonly secrets: readonly string[];
};

/**
 * The ccp request pipeline, independent of any HTTP server: route a request (tier, task route,
 * context guard), plan the upstream body for its provider, call it with retries, fallbacks and
 * the breaker, convert the answer back, and observe (metering and the feed). Authentication and
 * quotas belong to the server in front of it.
 *
 * @example
 * const gateway = createGateway({ settings, upstream: new UpstreamClient({ timeoutMs: 60_000 }) });
 * const answer = await gateway.handle(webMessagesCall(request, { userId: null }));
 * const response = answerToResponse(answer);
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { settings } = options;
  const log: GatewayLog = options.log ?? (() => {});
  const observer = combineObservers(
    [
      ...(options.publish ? [createFeedObserver(options.publish)] : []),
      ...(options.meter ? [createMeteringObserver(options.meter)] : []),
      ...(options.observers ?? []),
    ],
    (error) => log('error', `observer failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  const nextRequestId = createRequestIds();
  const secrets = configuredSecrets(settings, options.routing);
  const handle = createMessagesHandler({
    nextRequestId,
    secrets,
    settings,
    upstream: options.upstream,
    observer,
    log,
    models: createModelLookup(options.catalog),
    sessionTools: new SessionTools(),
    ...(options.routing ? { routing: options.routing } : {}),
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.injector ? { injector: options.injector } : {}),
  });
  return {
    handle,
    reject: (call, error) =>
      observeRefusedRequest(
        observer,
        {
          requestId: call.requestId,
          userId: call.userId,
          sessionId: call.header('x-claude-code-session-id') ?? null,
          startedAt: call.startedAt,
        },
        error,
      ),
    nextRequestId,
    countTokens: (call) => handleCountTokens(call, settings.maxBodyBytes),
    secrets,
  };
}
