export type CircuitState = 'closed' | 'open' | 'half-open';

export type CircuitBreakerOptions = {
  /** Consecutive failures that open a circuit; 0 or less turns the breaker off. */
  failureThreshold: number;
  /** How long an open circuit refuses requests before one probe is let through. */
  openMs: number;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
  /** Called on every state change, for the log and the feed. */
  onStateChange?: (change: CircuitStateChange) => void;
};

export type CircuitStateChange = {
  endpointKey: string;
  /** The model whose circuit changed; undefined for the endpoint's own circuit. */
  model?: string;
  from: CircuitState;
  to: CircuitState;
  consecutiveFailures: number;
};

export type CircuitSnapshot = {
  state: CircuitState;
  consecutiveFailures: number;
  /** While open: milliseconds until a probe is allowed; otherwise 0. */
  retryInMs: number;
};

type Circuit = {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number;
  /** When the half-open probe was let through; undefined when no probe is in flight. */
  probeStartedAt: number | undefined;
};

/** What a circuit lets a caller do now: go, go as the half-open probe, or nothing. */
type Admission = 'go' | 'probe' | 'refused';

/**
 * Circuit breakers on two levels, so that one client cannot switch an endpoint off for everyone:
 *
 * - **endpoint**: opened only by failures that show the endpoint itself cannot be reached
 *   (connection refused, DNS, connect timeout, TLS), which no request's content can cause.
 * - **model at an endpoint**: opened by failures of answers for one model (5xx, 408, a timeout
 *   waiting for the answer, a connection cut after the request went out). The model name and the
 *   body are the client's choice, so these pause that model at that endpoint and nothing else.
 *
 * Each circuit: closed → open after `failureThreshold` consecutive failures → half-open after
 * `openMs`, when exactly one probe goes through → closed on success, open again on failure. Any
 * answer from the endpoint, even a failure of one model, proves the endpoint reachable.
 *
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 30_000 });
 * if (breaker.canAttempt(endpointKey, model)) {
 *   try { await send(); breaker.recordSuccess(endpointKey, model); }
 *   catch (error) { isUnreachable(error) ? breaker.recordFailure(endpointKey) : breaker.recordFailure(endpointKey, model); }
 * }
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * True when a request may go to this endpoint (and, when given, this model there). In
   * half-open state the first caller gets the probe and later callers are refused until the
   * probe reports back (or it has been out for `openMs`, in case its outcome was never recorded).
   * A refusal claims no probe.
   */
  canAttempt(endpointKey: string, model?: string): boolean {
    if (!this.enabled()) return true;
    const keys = model === undefined ? [endpointKey] : [endpointKey, _modelKey(endpointKey, model)];
    const admissions = keys.map((key) => this.admission(key));
    if (admissions.includes('refused')) return false;
    keys.forEach((key, index) => {
      if (admissions[index] === 'probe') this.claimProbe(key, index === 0 ? undefined : model);
    });
    return true;
  }

  /** The endpoint answered (and, when given, the model answered well): their circuits close. */
  recordSuccess(endpointKey: string, model?: string): void {
    this.succeed(endpointKey, undefined);
    if (model !== undefined) this.succeed(endpointKey, model);
  }

  /**
   * Without `model`: the endpoint could not be reached; its circuit counts the failure. With
   * `model`: the endpoint was reached but the model's answer failed; the model's circuit counts
   * it, and the endpoint's counts as reached.
   */
  recordFailure(endpointKey: string, model?: string): void {
    if (model !== undefined) this.succeed(endpointKey, undefined);
    const key = model === undefined ? endpointKey : _modelKey(endpointKey, model);
    const circuit = this.circuit(key);
    circuit.consecutiveFailures += 1;
    circuit.probeStartedAt = undefined;
    if (!this.enabled()) return;
    if (circuit.state === 'half-open' || circuit.consecutiveFailures >= this.options.failureThreshold) {
      circuit.openedAt = this.now();
      if (circuit.state !== 'open') this.change(endpointKey, model, circuit, 'open');
    }
  }

  /**
   * The attempt ended without telling anything about the endpoint or the model (the client went
   * away, ccp refused the request): frees a half-open probe so the next request can probe.
   */
  recordCancelled(endpointKey: string, model?: string): void {
    const keys = model === undefined ? [endpointKey] : [endpointKey, _modelKey(endpointKey, model)];
    for (const key of keys) {
      const circuit = this.circuits.get(key);
      if (circuit) circuit.probeStartedAt = undefined;
    }
  }

  /** The state of the endpoint's circuit, or of the model's there, for logs and the feed; one never seen is closed. */
  state(endpointKey: string, model?: string): CircuitSnapshot {
    return this.snapshotOf(model === undefined ? endpointKey : _modelKey(endpointKey, model));
  }

  /** Every circuit seen so far, for a status page: endpoints by key, models as `endpoint model`. */
  snapshot(): Record<string, CircuitSnapshot> {
    return Object.fromEntries([...this.circuits.keys()].map((key) => [key, this.snapshotOf(key)]));
  }

  private snapshotOf(key: string): CircuitSnapshot {
    const circuit = this.circuits.get(key);
    if (!circuit) return { state: 'closed', consecutiveFailures: 0, retryInMs: 0 };
    const retryInMs =
      circuit.state === 'open' ? Math.max(0, circuit.openedAt + this.options.openMs - this.now()) : 0;
    return { state: circuit.state, consecutiveFailures: circuit.consecutiveFailures, retryInMs };
  }

  private admission(key: string): Admission {
    const circuit = this.circuits.get(key);
    if (!circuit || circuit.state === 'closed') return 'go';
    const now = this.now();
    if (circuit.state === 'open') return now - circuit.openedAt < this.options.openMs ? 'refused' : 'probe';
    if (circuit.probeStartedAt !== undefined && now - circuit.probeStartedAt < this.options.openMs)
      return 'refused';
    return 'probe';
  }

  private claimProbe(key: string, model: string | undefined): void {
    const circuit = this.circuit(key);
    if (circuit.state === 'open') this.change(_endpointOf(key, model), model, circuit, 'half-open');
    circuit.probeStartedAt = this.now();
  }

  private succeed(endpointKey: string, model: string | undefined): void {
    const circuit = this.circuits.get(model === undefined ? endpointKey : _modelKey(endpointKey, model));
    if (!circuit) return;
    circuit.consecutiveFailures = 0;
    circuit.probeStartedAt = undefined;
    if (circuit.state !== 'closed') this.change(endpointKey, model, circuit, 'closed');
  }

  private enabled(): boolean {
    return this.options.failureThreshold > 0;
  }

  private circuit(key: string): Circuit {
    let circuit = this.circuits.get(key);
    if (!circuit) {
      circuit = { state: 'closed', consecutiveFailures: 0, openedAt: 0, probeStartedAt: undefined };
      this.circuits.set(key, circuit);
    }
    return circuit;
  }

  private change(endpointKey: string, model: string | undefined, circuit: Circuit, to: CircuitState): void {
    const from = circuit.state;
    circuit.state = to;
    this.options.onStateChange?.({
      endpointKey,
      ...(model === undefined ? {} : { model }),
      from,
      to,
      consecutiveFailures: circuit.consecutiveFailures,
    });
  }
}

/** A model's circuit key: endpoint keys hold no spaces (URLs), so a space keeps the two apart. */
function _modelKey(endpointKey: string, model: string): string {
  return `${endpointKey} ${model}`;
}

function _endpointOf(key: string, model: string | undefined): string {
  return model === undefined ? key : key.slice(0, key.length - model.length - 1);
}
