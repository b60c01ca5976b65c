import type { RoutingSettings, Settings } from '@ccp/config';

/**
 * Every key ccp knows from its settings: upstream keys (provider, tiers, named endpoints,
 * fallback targets), the proxy and admin keys, and billing keys, each with its encoded forms
 * ({@link secretEncodings}). Text that leaves the process (errors, stream error events, log
 * lines) has these masked even when they look like nothing.
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
  const keys = values.filter((value): value is string => typeof value === 'string' && value.length >= 6);
  return [...new Set(keys.flatMap((key) => [key, ...secretEncodings(key)]))];
}

/** Shortest encoded form looked for: shorter pieces of base64 would match ordinary text. */
const minimumEncodedLength = 8;

/**
 * The forms a key takes when it is quoted inside other text, besides itself: URL-encoded (a
 * query string), JSON-escaped (a JSON string), and base64 (standard and URL-safe), found wherever
 * the key sits in the encoded bytes, so `Basic base64(user:key)` and `base64(key)` both give it
 * away. Only forms that differ from the key and are long enough to be told from text.
 *
 * @example secretEncodings('key/with+signs') // ['key%2Fwith%2Bsigns', …base64 forms]
 */
export function secretEncodings(secret: string): string[] {
  const forms = [encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  const bytes = Buffer.from(secret, 'utf8');
  // base64 works on 3-byte groups: the key's bytes encode differently depending on how many bytes
  // come before them, so each of the three alignments gives its own run of characters. Characters
  // that mix in a neighbour's bits (at either end) are left out.
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const wholeGroups = padded.subarray(0, Math.floor(padded.length / 3) * 3);
    const core = wholeGroups.toString('base64').slice([0, 2, 3][offset]);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms)].filter((form) => form !== secret && form.length >= minimumEncodedLength);
}
