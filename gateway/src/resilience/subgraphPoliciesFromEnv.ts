/** How the gateway treats one subgraph: how long it waits for it and when it stops asking. */
export interface SubgraphPolicy {
  /**
   * How long one request to the subgraph may take (connection, answer and body) before the fields
   * it was asked for fail with SUBGRAPH_UNAVAILABLE. Above the slowest real request measured
   * (docs/gateway.md, "Choosing the timeout"); a hang's cost is bounded by the breaker instead.
   * @default 15000
   */
  timeoutMilliseconds: number;
  /**
   * Consecutive failed requests (no connection, timeout, HTTP 5xx, no GraphQL answer) that open
   * the subgraph's circuit. A subgraph's refusal of a client's request (HTTP 4xx) is an answer,
   * not a failure, and neither is an error in a 200 answer.
   * @default 5
   */
  breakerFailures: number;
  /**
   * How long an open circuit fails the subgraph's fields at once before the gateway probes the
   * subgraph's `/ready`, and again after each failed probe; a successful probe closes it.
   * @default 5000
   */
  breakerOpenMilliseconds: number;
}

/** The defaults of every subgraph without an override. */
export const defaultSubgraphPolicy: Readonly<SubgraphPolicy> = {
  timeoutMilliseconds: 15_000,
  breakerFailures: 5,
  breakerOpenMilliseconds: 5_000,
};

/** Policies of the subgraphs: the defaults, and per subgraph name what differs. */
export interface SubgraphPolicies {
  /** @default defaultSubgraphPolicy */
  defaults?: Partial<SubgraphPolicy>;
  /** By subgraph name (`units`). @default {} */
  overrides?: Readonly<Record<string, Partial<SubgraphPolicy>>>;
}

const variables: Record<string, keyof SubgraphPolicy> = {
  TIMEOUT_MS: 'timeoutMilliseconds',
  BREAKER_FAILURES: 'breakerFailures',
  BREAKER_OPEN_MS: 'breakerOpenMilliseconds',
};

/** The policy one subgraph gets: its overrides over the defaults over `defaultSubgraphPolicy`. */
export function subgraphPolicyFor(name: string, policies: SubgraphPolicies = {}): SubgraphPolicy {
  return { ...defaultSubgraphPolicy, ...policies.defaults, ...policies.overrides?.[name] };
}

/**
 * Reads `SUBGRAPH_TIMEOUT_MS`, `SUBGRAPH_BREAKER_FAILURES` and `SUBGRAPH_BREAKER_OPEN_MS` (every
 * subgraph) and `<NAME>_SUBGRAPH_TIMEOUT_MS` and the like (subgraph `<name>` only, e.g.
 * `PROCEDURES_SUBGRAPH_TIMEOUT_MS`). Throws on a value that is not a positive whole number, so a
 * typo stops the start instead of leaving a subgraph without a timeout.
 */
export function subgraphPoliciesFromEnv(env: NodeJS.ProcessEnv): Required<SubgraphPolicies> {
  const defaults: Partial<SubgraphPolicy> = {};
  const overrides: Record<string, Partial<SubgraphPolicy>> = {};
  for (const [key, text] of Object.entries(env)) {
    const match = /^(?:([A-Z0-9_]+)_)?SUBGRAPH_(TIMEOUT_MS|BREAKER_FAILURES|BREAKER_OPEN_MS)$/.exec(
      key,
    );
    if (!match || text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${key} must be a whole number above 0, not ${JSON.stringify(text)}`);
    }
    const [, subgraph, suffix = ''] = match;
    const setting = variables[suffix] as keyof SubgraphPolicy;
    if (subgraph) {
      const name = subgraph.toLowerCase();
      overrides[name] = { ...overrides[name], [setting]: value };
    } else {
      defaults[setting] = value;
    }
  }
  return { defaults, overrides };
}
