import type { RoutingSettings, Settings } from '@ccp/config';

/**
 * Every key ccp knows from its settings: upstream keys (provider, tiers, named endpoints,
 * fallback targets), the proxy and admin keys, and billing keys. Text that leaves the process
 * (errors, stream error events, log lines) has these masked even when they look like nothing.
 */
export function configuredSecrets(settings: Settings, routing?: RoutingSettings): string[] {
  const values = [
    settings.provider.apiKey,
    ...Object.values(settings.tiers).map((tier) => tier.apiKey),
    settings.proxyAuthKey,
    settings.adminKey,
    settings.billing.openrouterApiKey,
    settings.billing.openaiAdminKey,
    settings.billing.anthropicAdminKey,
    ...Object.values(routing?.endpoints ?? {}).map((endpoint) => endpoint.apiKey),
    ...Object.values(routing?.fallbacks ?? {}).flatMap((targets) => targets.map((target) => target.apiKey)),
    ...Object.values(routing?.routes ?? {}).map((target) => target?.apiKey),
  ];
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length >= 6))];
}
