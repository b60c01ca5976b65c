export { injectProxyStats, injectProxyStatsIntoLastUserTurn } from './inject-proxy-stats';
export {
  createLiveProxyStats,
  promptInjectionProxyInfo,
  type LiveProxyStats,
  type LiveProxyStatsOptions,
} from './live-proxy-stats';
export {
  defaultPromptInjectionSettings,
  promptInjectionPlacements,
  resolvePromptInjectionSettings,
  type PromptInjectionPlacement,
  type PromptInjectionSettings,
} from '@ccp/config';
export {
  createPromptInjector,
  isSideRequest,
  isWorkingTurn,
  type PromptInjectionDecision,
  type PromptInjectionView,
  type PromptInjector,
  type PromptInjectorOptions,
} from './prompt-injector';
