// convert-stream: responses, usage, finish reasons, tool argument repair and the stream transducer
export { convertOpenAIUsage } from './usage';
export { mapFinishReason, readChoiceStopDetails } from './map-finish-reason';
export type { FinishReasonInput, MappedStopReason } from './map-finish-reason';
export { parseToolArguments, repairJsonText, completeToolArgumentsSuffix } from './repair-tool-arguments';
export type { ParsedToolArguments } from './repair-tool-arguments';
export { ThinkTagSplitter } from './think-tag-splitter';
export type { ThinkTagSink, ThinkTagSplitterOptions } from './think-tag-splitter';
export { parseTextToolCalls, TextToolCallReader, TextToolCallVerdict } from './text-tool-calls';
export type { TextToolCall, TextToolCallRecovery } from './text-tool-calls';
export { convertOpenAIResponseToAnthropic } from './convert-openai-response';
export type { ResponseConversionOptions } from './convert-openai-response';
export { streamOpenAIToAnthropic } from './stream/stream-openai-to-anthropic';
export type { StreamConversionOptions, StreamSummary } from './stream/stream-types';
export { encodeAnthropicEvent, encodeAnthropicStream } from './stream/encode-sse';
export { collectAnthropicMessage, AnthropicStreamError } from './stream/collect-anthropic-message';
export { assertAnthropicStreamInvariants } from './stream/check-stream-invariants';
export { anthropicMessageToStreamEvents } from './stream/message-to-events';
export type { StreamInvariantOptions } from './stream/check-stream-invariants';
// convert-request: request validation, errors, request conversion and token estimate
export type * from './anthropic-api';
export type * from './openai-api';
export {
  AnthropicApiError,
  anthropicStatusForUpstreamStatus,
  errorTypeForStatus,
  isAnthropicApiError,
  statusForErrorType,
} from './anthropic-error';
export type { AnthropicApiErrorOptions } from './anthropic-error';
export {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
  parseAnthropicCountTokensRequest,
  parseAnthropicMessagesRequest,
} from './anthropic-request-schema';
export { findTooDeepPath, maximumRequestNestingDepth } from './nesting-depth';
export { mapUpstreamHttpError, mapUpstreamNetworkError } from './map-upstream-error';
export type {
  UpstreamHeaders,
  UpstreamHttpErrorInput,
  UpstreamNetworkErrorOptions,
} from './map-upstream-error';
export { redactSecrets, truncateText } from './redact-secrets';
export type { RedactSecretsOptions } from './redact-secrets';
export { convertAnthropicRequestToOpenAI } from './convert-to-openai-request';
export type { RequestConversionOptions, RequestConversionResult } from './request-conversion-options';
export type { ConversionWarning } from './conversion-warning';
export { restoreToolName, upstreamToolCallId, upstreamToolName } from './tool-names';
export type { ToolNameMap } from './tool-names';
export {
  countAnthropicRequestTokens,
  estimateImageTokens,
  estimateTextTokens,
  readImageSize,
} from './estimate-tokens';
export { estimateOutputTokensFromCharacters } from './token-pricing';
export {
  estimateRequestTokensQuickly,
  estimateTextTokensQuickly,
  TokenEstimateCache,
} from './quick-token-estimate';
export { findOpenAIConversationProblems } from './check-openai-conversation';
export { findTopLevelJsonMember } from './json/json-scan';
export type { JsonSpan } from './json/json-scan';
// One schema walker for both packages: the implementation lives in @ccp/reasoning.
export { cleanJsonSchema } from '@ccp/reasoning';
export type { JsonSchemaCleanupOptions } from '@ccp/reasoning';
