// Test support for code that produces or consumes the conversions: '@ccp/convert/testing'.
export { assertAnthropicStreamInvariants } from './check-stream-invariants';
export type { StreamInvariantOptions } from './check-stream-invariants';
export { findOpenAIConversationProblems } from './check-openai-conversation';
export {
  accumulateOpenAIChunks,
  collectEvents,
  fixtureLines,
  fixtureToSse,
  fromChunks,
  networkSplits,
  replay,
} from './replay-fixture';
