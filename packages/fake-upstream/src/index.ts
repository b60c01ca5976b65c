export { type AnswerIdentity, buildCompletion, buildStreamEvents, type StreamEvent } from './build-answer';
export { createDefaultResponder, type DefaultResponderOptions } from './default-responder';
export { type FakeUpstream, type FakeUpstreamOptions, startFakeUpstream } from './fake-upstream';
export type * from './openai-wire';
export { openAIError } from './play-scenario';
export type { RecordedRequest, RouteName } from './recorded-request';
export {
  type Answer,
  type AnswerOptions,
  completion,
  dropMidStream,
  endWithoutFinish,
  garbage,
  hang,
  htmlErrorPage,
  httpError,
  midStreamError,
  nonJson,
  type RawOptions,
  type ReasoningField,
  type Responder,
  raw,
  reply,
  type Scenario,
  type StreamOptions,
  type StreamScenario,
  type StreamToolCallsOptions,
  stallAfter,
  streamText,
  streamToolCalls,
  type ToolCallSpec,
  type UsageNumbers,
} from './scenario';
export { splitText } from './split-text';
