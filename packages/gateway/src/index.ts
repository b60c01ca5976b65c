export {
  createGateway,
  type Gateway,
  type GatewayLog,
  type GatewayLogLevel,
  type GatewayOptions,
  type RejectedCall,
} from './gateway';
export {
  answerToResponse,
  type MessagesAnswer,
  type MessagesCall,
  webMessagesCall,
} from './messages/messages-answer';
export { type BodyReader, readNodeRequestBody, readWebRequestBody } from './messages/read-json-body';
export { pumpSse, type SsePump, type SsePumpOptions, type SseSink } from './messages/sse-pump';
export { SessionTools } from './messages/session-tools';
export type {
  RequestEnd,
  RequestObserver,
  RequestPhase,
  RequestStart,
  RequestTracker,
} from './observe/request-observer';
export { storedRequestEvents } from './observe/stored-request-events';
export {
  createLiveProxyStats,
  createPromptInjector,
  type LiveProxyStats,
  type LiveProxyStatsOptions,
  type PromptInjector,
  promptInjectionProxyInfo,
  type StatusSnapshot,
} from './prompt-injection';
export { configuredSecrets } from './secrets/configured-secrets';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitSnapshot,
  type CircuitState,
  type CircuitStateChange,
} from './upstream/circuit-breaker';
export { UpstreamClient, type UpstreamClientOptions } from './upstream/upstream-client';
