export {
  type DashboardLayout,
  type DashboardSettings,
  dashboardLayouts,
  resolveDashboardSettings,
} from '@ccp/config';
