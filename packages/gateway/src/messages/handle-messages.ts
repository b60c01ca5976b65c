import type { Settings } from '@ccp/config';
import { type RoutingSettings, resolveRoutingSettings } from '@ccp/config';
import {
  AnthropicApiError,
  AnthropicIdGenerator,
  type AnthropicMessagesRequest,
  AnthropicStreamError,
  type AnthropicStreamEvent,
  collectAnthropicMessage,
  convertOpenAIResponseToAnthropic,
  isAnthropicApiError,
  mapUpstreamHttpError,
  mapUpstreamNetworkError,
  streamOpenAIToAnthropic,
  streamOpenAIToAnthropicBatches,
  TokenEstimateCache,
} from '@ccp/convert';
import type { ProviderDialect } from '@ccp/reasoning';
import type { ModelLookup } from '../models/model-lookup';
import { observeRefusedRequest } from '../observe/refused-request';
import type { RequestEnd, RequestObserver, RequestTracker } from '../observe/request-observer';
import type { PromptInjector } from '../prompt-injection';
import { type PlannedAttempt, routeLabel } from '../routing/plan-attempts';
import type { Route } from '../routing/resolve-route';
import { CircuitBreaker } from '../upstream/circuit-breaker';
import type { UpstreamClient, UpstreamResponse } from '../upstream/upstream-client';
import { EndpointMemo } from '../upstream/endpoint-memo';
import { formatDecision, sendWithFallbacks } from '../upstream/with-fallbacks';
import type { MessagesAnswer, MessagesCall } from './messages-answer';
import type { SessionTools } from './session-tools';
import { routeRequest } from './route-request';
import { endFromError, endFromMessage, endFromStream, type RequestTiming } from './request-end';
import { messageAsEventBatch, readCompletion, readText } from './upstream-answer';
import { upstreamGarbage } from './upstream-garbage';

export type MessagesHandlerDependencies = {
  settings: Settings;
  upstream: UpstreamClient;
  models: ModelLookup;
  /** Adds proxy stats to the system prompt when PROMPT_INJECTION_* asks for it. */
  injector?: PromptInjector;
  observer: RequestObserver;
  /** Called with conversion warnings and internal failures, for the log. */
  log: (level: 'debug' | 'warn' | 'error', message: string) => void;
  /** Task routes, fallbacks, retries, breaker and guard settings; one try and no routes when left out. */
  routing?: RoutingSettings;
  /** One per process, shared by every request, so a dead endpoint is skipped by all of them. */
  breaker?: CircuitBreaker;
  /** Tool definitions seen before, and what was derived from them; one per gateway. */
  sessionTools: SessionTools;
  /** Ids for calls that arrive without one. */
  nextRequestId: () => string;
  /** Every configured key, masked in everything that leaves, even keys in no recognisable format. */
  secrets: readonly string[];
};

/** The target that served a request, as its record names it. */
type ServedBy = {
  routedModel: string;
  dialect: ProviderDialect;
  endpointKey: string;
  fallbackIndex: number;
  route: string | null;
};

function servedBy(attempt: PlannedAttempt, dialect: ProviderDialect, tier: string | null): ServedBy {
  return {
    routedModel: attempt.model,
    dialect,
    endpointKey: attempt.endpointKey,
    fallbackIndex: attempt.fallbackIndex,
    route: routeLabel(attempt, tier),
  };
}

/**
 * Ends a request's record with its cost, and names the fallback that served it. Made out here,
 * like everything a stream in flight holds on to: a closure made inside the handler would keep
 * the whole request alive until the stream ends (its parsed body, the upstream bodies planned
 * for every target), which a long answer turns into garbage that outlives many collections.
 */
function requestEnder(tracker: RequestTracker, models: ModelLookup, served: ServedBy) {
  return (result: Omit<RequestEnd, 'costUsd'>) =>
    tracker.end({
      ...result,
      costUsd:
        result.outputTokens + result.inputTokens > 0
          ? models.estimateCostUsd(served.routedModel, served.dialect, result)
          : null,
      ...(served.fallbackIndex > 0
        ? {
            served: {
              routedModel: served.routedModel,
              provider: served.dialect,
              endpoint: served.endpointKey,
              route: served.route,
            },
          }
        : {}),
    });
}

const keepListening = () => {};

/** Aborts `abort` when the client's `signal` does; returns what stops listening. */
function followClient(signal: AbortSignal, abort: AbortController): () => void {
  const onClientAbort = () => abort.abort(new Error('client disconnected'));
  signal.addEventListener('abort', onClientAbort, { once: true });
  return () => signal.removeEventListener('abort', onClientAbort);
}

/** A streamed answer and the pump's callbacks, holding only what the stream needs (see {@link requestEnder}). */
function streamingAnswer(parts: {
  requestId: string;
  batches: AsyncIterable<readonly AnthropicStreamEvent[]>;
  tracker: RequestTracker;
  end: ReturnType<typeof requestEnder>;
  upstreamResponse: UpstreamResponse;
  releaseClientAbort: () => void;
  abort: AbortController;
  startedAt: number;
  timing: RequestTiming;
  log: MessagesHandlerDependencies['log'];
  secrets: readonly string[];
}): MessagesAnswer {
  const { tracker, end, upstreamResponse, releaseClientAbort, abort, startedAt, timing } = parts;
  return {
    status: 200,
    headers: { ...SSE_HEADERS, 'request-id': parts.requestId },
    batches: parts.batches,
    pump: {
      tracker,
      onFinish(summary, cancelled) {
        releaseClientAbort();
        upstreamResponse.body.destroy();
        tracker.phase('done');
        end(endFromStream(summary, cancelled, startedAt, timing, performance.now()));
      },
      onCancel: () => abort.abort(new Error('client disconnected')),
      log: parts.log,
      secrets: parts.secrets,
    },
  };
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * `POST /v1/messages`: validates the Anthropic request, routes it, converts it, calls the
 * upstream and converts the answer back, as JSON or as an SSE stream.
 */
export function createMessagesHandler(dependencies: MessagesHandlerDependencies) {
  const { settings, upstream, observer, log, models, injector, sessionTools, nextRequestId, secrets } = dependencies;
  // Without routing settings (tests, embedders) the proxy behaves as before: one try, no breaker.
  const routing =
    dependencies.routing ??
    resolveRoutingSettings({ RETRY_MAX_ATTEMPTS: '1', CIRCUIT_BREAKER_THRESHOLD: '0' });
  const breaker = dependencies.breaker ?? new CircuitBreaker(routing.breaker);
  // Claude Code resends the same tools and system prompt every turn: their counts are cached,
  // the tools by identity when the session tools handed them out.
  const tokenCache = new TokenEstimateCache({ isUnchanging: (tool) => sessionTools.isShared(tool) });
  // Endpoint keys, URLs and headers, worked out once per configured endpoint.
  const endpoints = new EndpointMemo(settings.customHeaders);
  // Message and tool ids for every answer: random bytes are drawn for many ids at once.
  const ids = new AnthropicIdGenerator(256);
  // A model the catalog cannot size or price is named in the log once, not on every request.
  const reportedModels = new Set<string>();

  /** What a request shows before it is observed, for recording it if it is refused before then. */
  type Arrival = {
    requestId: string;
    startedAt: number;
    request?: AnthropicMessagesRequest;
    observed: boolean;
  };

  async function handleArrived(call: MessagesCall, arrival: Arrival): Promise<MessagesAnswer> {
    const { startedAt, requestId } = arrival;
    const clock = performance.now();

    const parsedRequest = sessionTools.parseRequest(await call.readBody(settings.maxBodyBytes));
    arrival.request = parsedRequest;
    const anthropicRequest = injector ? injector.apply(parsedRequest) : parsedRequest;
    const parsedAt = performance.now();

    const { tierRoute, attempts, planFor, routeFor, estimatedInputTokens } = routeRequest(anthropicRequest, {
      settings,
      routing,
      models,
      tokenCache,
      sessionTools,
      endpointKey: (endpoint) => endpoints.key(endpoint),
      dialect: (endpoint, model) => endpoints.dialect(endpoint, model),
      log: (message) => log('debug', `[${requestId}] ${message}`),
    });
    const streamed = anthropicRequest.stream === true;
    let winner = attempts[0] as PlannedAttempt;
    const route = routeFor(winner);
    let plan = planFor(winner);
    const routedAt = performance.now();

    // The upstream call is torn down as soon as the client goes away.
    const abort = call.abort ?? new AbortController();
    const releaseClientAbort = call.abort ? keepListening : followClient(call.signal, abort);

    let lastTried = winner.endpointKey;
    // The upstream request goes out first; the bookkeeping of its start runs while the upstream
    // works on it.
    const sending = sendWithFallbacks(
      attempts,
      (attempt, signal) =>
        upstream.post(
          endpoints.target(attempt.endpoint),
          sessionTools.serializeBody(planFor(attempt).body),
          signal,
        ),
      {
        breaker,
        retry: routing.retry,
        signal: abort.signal,
        // Bounds the wait for a head over all tries; after it, REQUEST_TIMEOUT bounds each chunk.
        deadlineMs: settings.requestDeadlineMs,
        // This request's own controller: the deadline aborts it rather than one of its own.
        abortOnDeadline: abort,
        onDecision(decision) {
          lastTried = decision.target.endpointKey;
          const routine =
            decision.outcome === 'success' && decision.attempt === 1 && decision.target.fallbackIndex === 0;
          log(routine ? 'debug' : 'warn', `[${requestId}] ${formatDecision(decision)}`);
        },
      },
    );
    // Marked handled at once, so a failed send is never reported as an unhandled rejection
    // while the lines below run; it is still awaited, and mapped, below.
    sending.catch(() => {});
    const limits = models.limits(route.model, plan.dialect);
    const modelKey = `${plan.dialect}\u0000${route.model}`;
    if (!reportedModels.has(modelKey) && reportedModels.size < 1000) {
      reportedModels.add(modelKey);
      const unknown = models.unknownFacts(route.model, plan.dialect);
      if (unknown) log('warn', unknown);
    }
    const tracker = observer.begin({
      requestId,
      sessionId: call.header('x-claude-code-session-id') ?? null,
      userId: call.userId,
      claudeModel: anthropicRequest.model,
      routedModel: route.model,
      tier: route.tier,
      provider: plan.dialect,
      // The first target's endpoint as planAttempts described it (its breaker key too).
      endpoint: winner.endpointKey,
      streamed,
      startedAt,
      estimatedInputTokens,
      contextWindow: limits.contextWindow,
      maxOutputTokens: limits.maxOutput,
      reasoning: { effort: plan.reasoning.effort ?? null, budgetTokens: plan.reasoning.budgetTokens ?? null },
      route: routeLabel(winner, tierRoute.tier),
    });
    arrival.observed = true;
    tracker.phase('parse');
    tracker.phase('route');
    let end = requestEnder(tracker, models, servedBy(winner, plan.dialect, tierRoute.tier));

    const timing: RequestTiming = { clock, parsedAt, routedAt, headersAt: routedAt };
    const finishWithError = (error: AnthropicApiError) => end(endFromError(error, timing, performance.now()));
    let upstreamResponse: UpstreamResponse;
    try {
      tracker.phase('send');
      const result = await sending;
      upstreamResponse = result.response;
      if (result.attempt !== winner) {
        // A fallback served: the record names it, and its answer is read in its dialect.
        winner = result.attempt;
        plan = planFor(winner);
        end = requestEnder(tracker, models, servedBy(winner, plan.dialect, tierRoute.tier));
      }
      log(
        'debug',
        `[${requestId}] route ${routeLabel(winner, tierRoute.tier) ?? 'pass-through'}: ${winner.model} @ ${winner.endpointKey}`,
      );
      timing.headersAt = performance.now();
      tracker.phase('wait');
      if (upstreamResponse.status >= 400) {
        const bodyText = await readText(upstreamResponse);
        throw mapUpstreamHttpError({
          secrets,
          status: upstreamResponse.status,
          bodyText,
          headers: upstreamResponse.headers,
          // Claude Code reads N and M from "prompt is too long: N tokens > M maximum" to size its compaction.
          estimatedPromptTokens: estimatedInputTokens,
        });
      }
    } catch (error) {
      releaseClientAbort();
      const mapped = isAnthropicApiError(error)
        ? error
        : mapUpstreamNetworkError(error, {
            secrets,
            baseUrl: lastTried,
            timeoutMs: settings.requestTimeoutMs,
          });
      finishWithError(mapped);
      throw mapped;
    }

    const upstreamIsStream = upstreamResponse.contentType.includes('text/event-stream');
    const conversionOptions = {
      secrets,
      ids,
      ...plan.responseOptions,
      inputTokensEstimate: estimatedInputTokens,
      signal: abort.signal,
    };

    if (!streamed) {
      try {
        const message = upstreamIsStream
          ? await collectAnthropicMessage(streamOpenAIToAnthropic(upstreamResponse.body, conversionOptions))
          : convertOpenAIResponseToAnthropic(
              await readCompletion(upstreamResponse, secrets),
              conversionOptions,
            );
        const now = performance.now();
        // Recorded once the answer is on its way: the feed and metering never delay it.
        setImmediate(() => {
          tracker.phase('done');
          end(endFromMessage(message, timing, now));
        });
        return {
          status: 200,
          headers: { 'content-type': 'application/json', 'request-id': requestId },
          json: JSON.stringify(message),
        };
      } catch (error) {
        const mapped = isAnthropicApiError(error)
          ? error
          : error instanceof AnthropicStreamError && error.detail
            ? // The stream's own error event already says what went wrong and how retryable it is.
              new AnthropicApiError(error.detail.message, { errorType: error.detail.type })
            : upstreamGarbage(error, secrets);
        finishWithError(mapped);
        throw mapped;
      } finally {
        releaseClientAbort();
        upstreamResponse.body.destroy();
      }
    }

    let batches: AsyncIterable<readonly AnthropicStreamEvent[]>;
    if (upstreamIsStream) batches = streamOpenAIToAnthropicBatches(upstreamResponse.body, conversionOptions);
    else {
      // The upstream ignored `stream: true`: its answer is read now, so one that is not a
      // completion (an HTML page, an error object) is an HTTP error, not a 200 stream whose
      // only event is an error; a good one is replayed as events.
      try {
        const completion = await readCompletion(upstreamResponse, secrets);
        batches = messageAsEventBatch(
          convertOpenAIResponseToAnthropic(completion, conversionOptions),
          Date.now(),
          completion.usage != null,
        );
      } catch (error) {
        releaseClientAbort();
        upstreamResponse.body.destroy();
        const mapped = isAnthropicApiError(error) ? error : upstreamGarbage(error, secrets);
        finishWithError(mapped);
        throw mapped;
      }
    }
    return streamingAnswer({
      requestId,
      batches,
      tracker,
      end,
      upstreamResponse,
      releaseClientAbort,
      abort,
      startedAt,
      timing,
      log,
      secrets,
    });
  }

  return async function handleMessages(call: MessagesCall): Promise<MessagesAnswer> {
    const arrival: Arrival = {
      requestId: call.requestId ?? nextRequestId(),
      startedAt: Date.now(),
      observed: false,
    };
    try {
      return await handleArrived(call, arrival);
    } catch (error) {
      // Failures after the start was observed have ended it already; earlier ones (the body, the
      // request's shape, the context guard) are recorded here, so no request goes unseen.
      if (!arrival.observed) {
        observeRefusedRequest(
          observer,
          {
            requestId: arrival.requestId,
            userId: call.userId,
            sessionId: call.header('x-claude-code-session-id') ?? null,
            startedAt: arrival.startedAt,
            claudeModel: arrival.request?.model ?? null,
            streamed: arrival.request?.stream === true,
          },
          error,
        );
      }
      throw error;
    }
  };
}

export type { AnthropicMessagesRequest, Route };
