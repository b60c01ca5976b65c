// The public entry points of @ccp/convert. Test support (stream invariants, replay harness) is
// in '@ccp/convert/testing'.

// Requests: validate, convert, map tool names back.
export { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './anthropic-request-schema';
export { convertAnthropicRequestToOpenAI } from './convert-to-openai-request';
export { restoreToolName } from './tool-names';

// Responses and streams.
export { convertOpenAIResponseToAnthropic } from './convert-openai-response';
export { streamOpenAIToAnthropic, streamOpenAIToAnthropicBatches } from './stream/stream-openai-to-anthropic';
export { encodeAnthropicEvent } from './stream/encode-sse';
export { AnthropicStreamError, collectAnthropicMessage } from './stream/collect-anthropic-message';
export { anthropicMessageToStreamEvents } from './stream/message-to-events';
export { AnthropicIdGenerator } from './anthropic-ids';

// Errors toward the client and from the upstream.
export { AnthropicApiError, isAnthropicApiError, statusForErrorType } from './anthropic-error';
export { mapUpstreamHttpError, mapUpstreamNetworkError } from './map-upstream-error';
export { redactSecrets } from './redact-secrets';

// Token estimates.
export { countAnthropicRequestTokens, estimateTextTokens } from './estimate-tokens';
export { estimateRequestTokensQuickly, TokenEstimateCache, type TokenEstimateCacheOptions } from './quick-token-estimate';
export { estimateOutputTokensFromCharacters } from './token-pricing';

// JSON structure without a parse.
export { findTopLevelJsonMember } from './json/json-scan';

// Types: the wire formats, and the options and results of the entry points above.
export type * from './anthropic-api';
export type * from './openai-api';
export type { AnthropicApiErrorOptions } from './anthropic-error';
export type { ConversionWarning } from './conversion-warning';
export type { ResponseConversionOptions } from './convert-openai-response';
export type { JsonSpan } from './json/json-scan';
export type {
  UpstreamHeaders,
  UpstreamHttpErrorInput,
  UpstreamNetworkErrorOptions,
} from './map-upstream-error';
export type { RedactSecretsOptions } from './redact-secrets';
export type { RequestConversionOptions, RequestConversionResult } from './request-conversion-options';
export type { StreamConversionOptions, StreamSummary } from './stream/stream-types';
export type { TextToolCallRecovery } from './text-tool-calls';
export type { ToolNameMap } from './tool-names';
