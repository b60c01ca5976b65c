import { describe, expect, it } from 'vitest';
import { resolveDashboardSettings } from './dashboard-settings';
import { problemsOf } from './testing/problems-of';

const terminal = { isTerminal: true };

describe('resolveDashboardSettings', () => {
  it('uses defaults for a local proxy', () => {
    expect(resolveDashboardSettings({}, terminal)).toMatchObject({
      feedUrl: 'ws://127.0.0.1:8082/feed',
      apiKey: undefined,
      // Left to the dashboard, which picks the modules for the terminal's size.
      modules: undefined,
      waterfallMode: 'dense',
      layout: 'default',
      refreshMs: 250,
      waterfallSize: 10,
      plain: false,
    });
  });

  it('reads the environment, which already holds the flags', () => {
    const settings = resolveDashboardSettings(
      {
        CCP_FEED_URL: 'http://10.0.0.5:9000',
        PROXY_AUTH_KEY: 'from-env',
        DASHBOARD_MODULES: 'routing:sparse,analytics,waterfall:sparse',
        DASHBOARD_LAYOUT: 'compact',
        DASHBOARD_REFRESH: '0.5',
        DASHBOARD_WATERFALL_SIZE: '7',
      },
      { isTerminal: false },
    );
    expect(settings.feedUrl).toBe('ws://10.0.0.5:9000/feed');
    expect(settings.apiKey).toBe('from-env');
    expect(settings.modules?.map((spec) => spec.id)).toEqual(['routing', 'analytics']);
    // The waterfall alone is a choice too: no edge modules.
    expect(resolveDashboardSettings({ DASHBOARD_MODULES: 'waterfall:sparse' }, terminal).modules).toEqual([]);
    expect(settings.waterfallMode).toBe('sparse');
    expect(settings).toMatchObject({ layout: 'compact', refreshMs: 500, waterfallSize: 7, plain: true });
    expect(resolveDashboardSettings({ HOST: '0.0.0.0', PORT: '9100' }, terminal).feedUrl).toBe(
      'ws://127.0.0.1:9100/feed',
    );
    expect(resolveDashboardSettings({}, { isTerminal: true, plain: true }).plain).toBe(true);
  });

  it.each([
    ['0.5', 500],
    ['2', 2000],
    ['.25', 250],
    ['1.5s', 1500],
    ['100ms', 100],
    [' 0.05 ', 50],
  ])('reads DASHBOARD_REFRESH=%s as %i ms', (refresh, milliseconds) => {
    expect(resolveDashboardSettings({ DASHBOARD_REFRESH: refresh }, terminal).refreshMs).toBe(milliseconds);
  });

  it('says what is wrong with each setting', () => {
    expect(problemsOf(() => resolveDashboardSettings({ DASHBOARD_MODULES: 'nope' }, terminal))).toEqual([
      expect.stringMatching(/^DASHBOARD_MODULES="nope": Unknown dashboard module "nope"/),
    ]);
    expect(problemsOf(() => resolveDashboardSettings({ DASHBOARD_LAYOUT: 'huge' }, terminal))).toEqual([
      'DASHBOARD_LAYOUT="huge": expected one of default, compact, detailed',
    ]);
    expect(problemsOf(() => resolveDashboardSettings({ DASHBOARD_REFRESH: '500' }, terminal))).toEqual([
      'DASHBOARD_REFRESH="500": expected seconds from 0.05 to 10, such as 0.5 (or milliseconds written as 500ms)',
    ]);
    expect(problemsOf(() => resolveDashboardSettings({ CCP_FEED_URL: 'ws://[bad' }, terminal))).toEqual([
      expect.stringMatching(/^CCP_FEED_URL="ws:\/\/\[bad": expected a feed address/),
    ]);
    expect(problemsOf(() => resolveDashboardSettings({ PORT: 'http' }, terminal))).toEqual([
      'PORT="http": expected a whole number from 0 to 65535',
    ]);
  });
});
