export { runTerminalDashboard } from './run-dashboard';
export type { RunningDashboard } from './blessed-dashboard';
export {
  dashboardLayouts,
  defaultDashboardModules,
  defaultModulesFor,
  largeTerminalDashboardModules,
  largeTerminalSize,
  type DashboardDisplay,
  type DashboardLayout,
  type TerminalDashboardFeed,
  type TerminalDashboardOptions,
  type TerminalSize,
} from './dashboard-options';
export {
  computeLayoutRegions,
  edgeSlotOrder,
  type EdgeSlot,
  type LayoutRegions,
  type Region,
} from './layout-regions';
