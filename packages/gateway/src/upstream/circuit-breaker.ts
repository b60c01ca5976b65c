export type CircuitState = 'closed' | 'open' | 'half-open';

export type CircuitBreakerOptions = {
  /** Consecutive failures that open an endpoint's circuit; 0 or less turns the breaker off. */
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

/**
 * A circuit breaker per upstream endpoint: closed → open after `failureThreshold` consecutive
 * failures → half-open after `openMs`, when exactly one probe goes through → closed on success,
 * open again on failure. Lets a dead provider be skipped at once instead of waiting on it.
 *
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 30_000 });
 * if (breaker.canAttempt(key)) {
 *   try { await send(); breaker.recordSuccess(key); } catch { breaker.recordFailure(key); }
 * }
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * True when a request may go to this endpoint. In half-open state the first caller gets the
   * probe and later callers are refused until the probe reports back (or it has been out for
   * `openMs`, in case its outcome was never recorded).
   */
  canAttempt(endpointKey: string): boolean {
    const circuit = this.circuits.get(endpointKey);
    if (!circuit || circuit.state === 'closed' || !this.enabled()) return true;
    const now = this.now();
    if (circuit.state === 'open') {
      if (now - circuit.openedAt < this.options.openMs) return false;
      this.change(endpointKey, circuit, 'half-open');
      circuit.probeStartedAt = now;
      return true;
    }
    if (circuit.probeStartedAt !== undefined && now - circuit.probeStartedAt < this.options.openMs)
      return false;
    circuit.probeStartedAt = now;
    return true;
  }

  recordSuccess(endpointKey: string): void {
    const circuit = this.circuits.get(endpointKey);
    if (!circuit) return;
    circuit.consecutiveFailures = 0;
    circuit.probeStartedAt = undefined;
    if (circuit.state !== 'closed') this.change(endpointKey, circuit, 'closed');
  }

  recordFailure(endpointKey: string): void {
    const circuit = this.circuit(endpointKey);
    circuit.consecutiveFailures += 1;
    circuit.probeStartedAt = undefined;
    if (!this.enabled()) return;
    if (circuit.state === 'half-open' || circuit.consecutiveFailures >= this.options.failureThreshold) {
      circuit.openedAt = this.now();
      if (circuit.state !== 'open') this.change(endpointKey, circuit, 'open');
    }
  }

  /**
   * The attempt ended without telling anything about the endpoint (the client went away):
   * frees a half-open probe so the next request can probe.
   */
  recordCancelled(endpointKey: string): void {
    const circuit = this.circuits.get(endpointKey);
    if (circuit) circuit.probeStartedAt = undefined;
  }

  /** The endpoint's state for logs and the feed; an endpoint never seen is closed. */
  state(endpointKey: string): CircuitSnapshot {
    const circuit = this.circuits.get(endpointKey);
    if (!circuit) return { state: 'closed', consecutiveFailures: 0, retryInMs: 0 };
    const retryInMs =
      circuit.state === 'open' ? Math.max(0, circuit.openedAt + this.options.openMs - this.now()) : 0;
    return { state: circuit.state, consecutiveFailures: circuit.consecutiveFailures, retryInMs };
  }

  /** Every endpoint seen so far, for a status page. */
  snapshot(): Record<string, CircuitSnapshot> {
    return Object.fromEntries([...this.circuits.keys()].map((key) => [key, this.state(key)]));
  }

  private enabled(): boolean {
    return this.options.failureThreshold > 0;
  }

  private circuit(endpointKey: string): Circuit {
    let circuit = this.circuits.get(endpointKey);
    if (!circuit) {
      circuit = { state: 'closed', consecutiveFailures: 0, openedAt: 0, probeStartedAt: undefined };
      this.circuits.set(endpointKey, circuit);
    }
    return circuit;
  }

  private change(endpointKey: string, circuit: Circuit, to: CircuitState): void {
    const from = circuit.state;
    circuit.state = to;
    this.options.onStateChange?.({ endpointKey, from, to, consecutiveFailures: circuit.consecutiveFailures });
  }
}
