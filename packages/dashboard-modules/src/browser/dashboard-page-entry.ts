// The entry the page script is bundled from: it runs once, when the page loads.
import { type DashboardPageConfig, type RunningDashboardPage, startDashboardPage } from './dashboard-page';

declare global {
  interface Window {
    /** Written by the server into the page, before this script. */
    ccpDashboardConfig?: DashboardPageConfig;
    /** The running page, for a look from the browser's console. */
    ccpDashboard?: RunningDashboardPage;
  }
}

window.ccpDashboard = startDashboardPage(window, window.ccpDashboardConfig ?? { feedPath: '/feed' });
