export { runDashboardInProcess, type InProcessDashboardOptions } from './run-dashboard-in-process';
export { runDashboard, type RunDashboardOptions } from './run-dashboard';
export type { RunningDashboard } from './blessed-dashboard';
export { resolveDashboardSettings, type DashboardSettings } from './dashboard-settings';
export { remoteFeedSource, subscriptionFeedSource, type FeedSource } from './feed-source';
