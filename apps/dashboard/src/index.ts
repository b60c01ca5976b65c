export { runDashboardInProcess, type InProcessDashboardOptions } from './run-dashboard-in-process';
export { runDashboard, type RunDashboardOptions } from './run-dashboard';
export type { RunningDashboard } from './blessed-dashboard';
export {
  resolveDashboardSettings,
  DashboardSettingsError,
  type DashboardSettings,
  type DashboardSettingsInput,
} from './dashboard-settings';
export { remoteFeedSource, subscriptionFeedSource, type FeedSource } from './feed-source';
