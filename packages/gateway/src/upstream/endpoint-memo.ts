import type { EndpointSettings } from '@ccp/config';
import type { ProviderDialect } from '@ccp/reasoning';
import { describeEndpoint, endpointDialect, type UpstreamTarget, upstreamTarget } from './upstream-target';

/**
 * What a gateway works out once per configured endpoint instead of once per request: its key
 * for the breaker and the log (`describeEndpoint`), its chat-completions URL and headers
 * (`upstreamTarget`), and the dialect of each model there (`endpointDialect`). Keyed by the
 * endpoint settings object, which the settings keep for the life of the gateway; an endpoint
 * object made for one request is worked out anew and forgotten with it.
 *
 * @example
 * const endpoints = new EndpointMemo(settings.customHeaders);
 * endpoints.target(settings.tiers.big).url; // 'https://api.openai.com/v1/chat/completions'
 */
export class EndpointMemo {
  private readonly keys = new WeakMap<EndpointSettings, string>();
  private readonly targets = new WeakMap<EndpointSettings, UpstreamTarget>();
  private readonly dialects = new WeakMap<EndpointSettings, Map<string, ProviderDialect>>();

  constructor(private readonly customHeaders: Record<string, string>) {}

  key(endpoint: EndpointSettings): string {
    let key = this.keys.get(endpoint);
    if (key === undefined) {
      key = describeEndpoint(endpoint.baseUrl);
      this.keys.set(endpoint, key);
    }
    return key;
  }

  /** The dialect of `model` at `endpoint`; at most 256 models are remembered per endpoint. */
  dialect(endpoint: EndpointSettings, model: string): ProviderDialect {
    let byModel = this.dialects.get(endpoint);
    if (byModel === undefined) {
      byModel = new Map();
      this.dialects.set(endpoint, byModel);
    }
    let dialect = byModel.get(model);
    if (dialect === undefined) {
      dialect = endpointDialect(endpoint, model);
      if (byModel.size < 256) byModel.set(model, dialect);
    }
    return dialect;
  }

  /** The URL and headers of a call; the same frozen object for the same endpoint. */
  target(endpoint: EndpointSettings): UpstreamTarget {
    let target = this.targets.get(endpoint);
    if (target === undefined) {
      const made = upstreamTarget(endpoint, this.customHeaders);
      target = Object.freeze({ url: made.url, headers: Object.freeze(made.headers) });
      this.targets.set(endpoint, target);
    }
    return target;
  }
}
