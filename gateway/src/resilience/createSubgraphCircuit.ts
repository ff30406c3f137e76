import type { Logger } from '@home-affairs/service';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { SubgraphPolicy } from './subgraphPoliciesFromEnv.ts';

/**
 * What `/ready` says of a subgraph:
 * - `up`: its circuit is closed and its last request (or readiness probe) succeeded;
 * - `degraded`: its circuit is closed, so requests still go to it, but its last request or
 *   readiness probe failed: its fields may fail or be slow;
 * - `open`: its circuit is open after repeated failures: its fields fail at once with
 *   SUBGRAPH_UNAVAILABLE while the gateway probes it, and it closes by itself once a probe passes.
 */
export type SubgraphState = 'up' | 'degraded' | 'open';

/** A subgraph's state as `/ready` reports it; never its URL. */
export interface SubgraphReadiness {
  state: SubgraphState;
  /** Why it is not `up`, for an operator (e.g. `5 failed requests in a row`). */
  reason?: string;
  /** When the circuit opened (ISO 8601), for `open`. */
  openSince?: string;
}

/** Thrown instead of sending a request while a subgraph's circuit is open. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
}

/** One subgraph's circuit breaker, with the probes that close it again. */
export interface SubgraphCircuit {
  /**
   * Runs one request to the subgraph through the circuit. While the circuit is open (or its probe
   * is in flight) it throws CircuitOpenError at once: clients never wait on a probe.
   */
  run<T>(request: () => Promise<T>): Promise<T>;
  /**
   * The subgraph's state; for a closed circuit, probes the subgraph at most every second and waits
   * at most half a second for the probe.
   */
  readiness(): Promise<SubgraphReadiness>;
  /** The breaker's state now, without probing (for `/metrics`). */
  breakerState(): 'closed' | 'half-open' | 'open';
  /** Stops the probe timer (the gateway is stopping). */
  dispose(): void;
}

/** How to build a subgraph's circuit. */
export interface SubgraphCircuitOptions {
  /** The subgraph's name, for the log. */
  name: string;
  policy: SubgraphPolicy;
  /** Whether an error of `run`'s request is a failure of the subgraph (a refusal is not). */
  isFailure: (error: unknown) => boolean;
  /** Asks the subgraph whether it is ready; rejects when it is not (or does not answer). */
  probe: (signal: AbortSignal) => Promise<void>;
  logger: Logger;
}

/** How long a readiness probe's answer for `/ready` is reused. */
const probeReuseMilliseconds = 1_000;
/**
 * How long `/ready` waits for a probe before it calls the subgraph degraded: a load balancer's
 * readiness check often gives up after 1 s (Kubernetes' default), and a hung subgraph must not
 * make the gateway itself look unready.
 */
const probeWaitMilliseconds = 500;

/**
 * Builds a subgraph's circuit breaker on cockatiel (ADR 0006): `breakerFailures` failed requests
 * in a row open it; while open the subgraph is not asked at all; after `breakerOpenMilliseconds`
 * the gateway probes the subgraph's readiness (not a client's request, so no client waits on a
 * probe): a ready answer closes the circuit, anything else keeps it open for another period.
 */
export function createSubgraphCircuit(options: SubgraphCircuitOptions): SubgraphCircuit {
  const { name, policy, logger } = options;
  const counter = new ConsecutiveBreaker(policy.breakerFailures);
  const breaker = circuitBreaker(
    handleWhen((error) => options.isFailure(error)),
    { halfOpenAfter: policy.breakerOpenMilliseconds, breaker: counter },
  );
  let openedAt: Date | undefined;
  let lastProbe: { at: number; ok: boolean } | undefined;
  let probing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  // A readiness endpoint answers at once or not at all; a long wait proves nothing more.
  const probeTimeout = Math.min(policy.timeoutMilliseconds, 2_000);

  const scheduleProbe = (delay: number) => {
    clearTimeout(timer);
    if (disposed) return;
    timer = setTimeout(() => {
      // Half-opens the circuit (cockatiel lets one execution through after halfOpenAfter), so the
      // probe's outcome closes it or opens it for another period.
      breaker
        .execute(async ({ signal }) => {
          await options.probe(AbortSignal.any([signal, AbortSignal.timeout(probeTimeout)]));
        })
        .catch((error: unknown) => {
          // Fired a little before cockatiel's own clock allows: try again shortly.
          if (error instanceof BrokenCircuitError) scheduleProbe(50);
        });
    }, delay);
    // A pending probe never keeps a stopping process alive.
    timer.unref();
  };

  breaker.onBreak(() => {
    openedAt = new Date();
    logger.warn(
      {
        subgraph: name,
        consecutiveFailures: counter.state,
        probeInMs: policy.breakerOpenMilliseconds,
      },
      'subgraph circuit open: its fields fail at once until a readiness probe passes',
    );
    scheduleProbe(policy.breakerOpenMilliseconds + 5);
  });
  breaker.onReset(() => {
    logger.info(
      { subgraph: name, openMs: openedAt ? Date.now() - openedAt.getTime() : undefined },
      'subgraph circuit closed: its readiness probe passed',
    );
    openedAt = undefined;
    lastProbe = { at: Date.now(), ok: true };
  });

  return {
    async run(request) {
      if (breaker.state !== CircuitState.Closed) {
        throw new CircuitOpenError(`The ${name} subgraph's circuit is open.`);
      }
      return breaker.execute(() => request());
    },
    async readiness() {
      if (breaker.state !== CircuitState.Closed) {
        return {
          state: 'open',
          reason: `${policy.breakerFailures} failed requests in a row; its readiness is probed every ${policy.breakerOpenMilliseconds} ms`,
          openSince: openedAt?.toISOString(),
        };
      }
      if (!lastProbe || Date.now() - lastProbe.at > probeReuseMilliseconds) {
        // The probe goes on after /ready has answered; its result serves the next second's calls.
        probing ??= probePasses(options.probe, probeTimeout).then((ok) => {
          lastProbe = { at: Date.now(), ok };
          probing = undefined;
        });
        if (!(await resolvesWithin(probing, probeWaitMilliseconds))) {
          return {
            state: 'degraded',
            reason: `its readiness probe has not answered within ${probeWaitMilliseconds} ms`,
          };
        }
      }
      const failures = counter.state;
      if (failures > 0) {
        return { state: 'degraded', reason: `${failures} failed request(s) in a row` };
      }
      if (!lastProbe?.ok) return { state: 'degraded', reason: 'its readiness probe failed' };
      return { state: 'up' };
    },
    breakerState: () => breakerStateOf(breaker.state),
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}

/** Whether the subgraph answers its readiness probe within `timeout` milliseconds. */
async function probePasses(
  probe: SubgraphCircuitOptions['probe'],
  timeout: number,
): Promise<boolean> {
  try {
    await probe(AbortSignal.timeout(timeout));
    return true;
  } catch {
    return false;
  }
}

/** Whether `promise` resolves within `milliseconds` (it goes on either way). */
async function resolvesWithin(promise: Promise<void>, milliseconds: number): Promise<boolean> {
  let waiting: NodeJS.Timeout | undefined;
  const answered = await Promise.race([
    promise.then(() => true),
    new Promise<false>((resolve) => {
      waiting = setTimeout(() => resolve(false), milliseconds);
    }),
  ]);
  clearTimeout(waiting);
  return answered;
}

/** The breaker's state in the words of `/metrics`. */
function breakerStateOf(state: CircuitState): 'closed' | 'half-open' | 'open' {
  if (state === CircuitState.Closed) return 'closed';
  return state === CircuitState.HalfOpen ? 'half-open' : 'open';
}
