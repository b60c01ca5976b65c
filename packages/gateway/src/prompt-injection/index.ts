export { injectProxyStats, injectProxyStatsIntoLastUserTurn } from './inject-proxy-stats';
export {
  createLiveProxyStats,
  promptInjectionProxyInfo,
  type LiveProxyStats,
  type LiveProxyStatsOptions,
  type StatusSnapshot,
} from './live-proxy-stats';
export {
  createPromptInjector,
  isSideRequest,
  isWorkingTurn,
  type PromptInjectionDecision,
  type PromptInjectionView,
  type PromptInjector,
  type PromptInjectorOptions,
} from './prompt-injector';
