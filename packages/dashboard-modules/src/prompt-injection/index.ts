export * from './prompt-injection-types';
export {
  createPromptInjectionState,
  reducePromptInjectionState,
  summarizeProxyStats,
  type PromptInjectionState,
  type ProxyStatsSummary,
  type RecentProxyError,
} from './proxy-stats';
export { formatUptime, type PromptInjectionSegment } from './prompt-injection-segments';
export {
  holdTokenBudget,
  renderPromptInjection,
  renderPromptInjectionHeader,
  truncateToTokens,
} from './render-prompt-injection';
export { samplePromptInjectionEvents, sampleProxyInfo } from './sample-proxy-events';
