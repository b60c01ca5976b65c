import { describe, expect, it } from 'vitest';
import { DashboardSettingsError, resolveDashboardSettings } from './dashboard-settings';

describe('resolveDashboardSettings', () => {
  it('uses defaults for a local proxy', () => {
    const settings = resolveDashboardSettings({}, {}, true);
    expect(settings).toMatchObject({
      feedUrl: 'ws://127.0.0.1:8082/feed',
      apiKey: undefined,
      modules: [
        { id: 'performance', mode: 'dense' },
        { id: 'activity', mode: 'sparse' },
      ],
      waterfallMode: 'dense',
      layout: 'default',
      refreshMs: 250,
      waterfallSize: 10,
      plain: false,
    });
  });

  it('reads the environment, flags first', () => {
    const environment = {
      CCP_FEED_URL: 'http://10.0.0.5:9000',
      PROXY_AUTH_KEY: 'from-env',
      DASHBOARD_MODULES: 'routing:sparse,analytics,waterfall:sparse',
      DASHBOARD_LAYOUT: 'compact',
      DASHBOARD_REFRESH: '500',
      DASHBOARD_WATERFALL_SIZE: '7',
    };
    const settings = resolveDashboardSettings({ apiKey: 'from-flag' }, environment, false);
    expect(settings.feedUrl).toBe('ws://10.0.0.5:9000/feed');
    expect(settings.apiKey).toBe('from-flag');
    expect(settings.modules.map((spec) => spec.id)).toEqual(['routing', 'analytics']);
    expect(settings.waterfallMode).toBe('sparse');
    expect(settings).toMatchObject({ layout: 'compact', refreshMs: 500, waterfallSize: 7, plain: true });
    expect(resolveDashboardSettings({}, { HOST: '0.0.0.0', PORT: '9100' }, true).feedUrl).toBe(
      'ws://127.0.0.1:9100/feed',
    );
  });

  it('says what is wrong with a setting', () => {
    expect(() => resolveDashboardSettings({ modules: 'nope' }, {}, true)).toThrow(DashboardSettingsError);
    expect(() => resolveDashboardSettings({ layout: 'huge' }, {}, true)).toThrow(
      /default, compact, detailed/,
    );
    expect(() => resolveDashboardSettings({ refresh: 'fast' }, {}, true)).toThrow(/DASHBOARD_REFRESH/);
    expect(() => resolveDashboardSettings({ url: 'ws://[bad' }, {}, true)).toThrow(/not a URL/);
  });
});
