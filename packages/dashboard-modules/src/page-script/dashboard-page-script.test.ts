import { describe, expect, it } from 'vitest';
import { buildDashboardPageScript, dashboardPageScriptModule } from './build-dashboard-page-script';
import { dashboardPageScript } from './dashboard-page-script.generated';

describe('the web dashboard page script', () => {
  it('is checked in as built from the browser code and the modules as they are now', async () => {
    const built = await buildDashboardPageScript();
    expect(built).toContain('ccpDashboardConfig');
    await expect(
      dashboardPageScriptModule(built),
      'The checked-in page script is stale: run `pnpm --filter @ccp/dashboard-modules run build:page-script`.',
    ).toMatchFileSnapshot('./dashboard-page-script.generated.ts');
  });

  it('is one self-contained script that can sit inside an inline <script> element', () => {
    expect(dashboardPageScript.length).toBeGreaterThan(1000);
    expect(dashboardPageScript).not.toMatch(/<\/script/i);
    expect(dashboardPageScript).not.toMatch(/<!--/);
    expect(dashboardPageScript).not.toMatch(/^\s*(import|export)\s/m);
    expect(dashboardPageScript).not.toMatch(/\brequire\(/);
    expect(dashboardPageScript).not.toMatch(/https?:\/\//);
  });
});
