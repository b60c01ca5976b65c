export { renderDashboardPage, type DashboardPageOptions } from './render-dashboard-page';
