export * from './dashboard-module';
export * from './color-tags';
export * from './format-helpers';
export { sessionColor, sessionLabel } from './session-colors';
export {
  type RequestLedger,
  type RequestRecord,
  type RequestStatus,
  createRequestLedger,
  reduceRequestLedger,
  newestRecords,
  requestDuration,
  contextTokens,
  requestTokensPerSecond,
  currentPhase,
} from './request-ledger';
export { performanceMonitor, type PerformanceMonitorState } from './performance-monitor';
export { activityFeed, type ActivityFeedState } from './activity-feed';
export {
  routingVisualizer,
  sortedRouteFlows,
  type RouteFlow,
  type RoutingVisualizerState,
} from './routing-visualizer';
export {
  analyticsPanel,
  hotModels,
  type AnalyticsPanelState,
  type ModelUsage,
  type RequestExtreme,
} from './analytics-panel';
export {
  requestWaterfall,
  phaseSpans,
  waterfallPhases,
  waterfallPhaseStyles,
  type PhaseSpan,
  type RequestWaterfallState,
} from './request-waterfall';
export {
  createModuleInstance,
  parseModuleSpecs,
  dashboardModules,
  ModuleSpecError,
  type ModuleInstance,
  type ModuleSpec,
} from './module-registry';
export * from './prompt-injection';
