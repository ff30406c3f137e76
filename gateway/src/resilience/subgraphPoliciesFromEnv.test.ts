import { describe, expect, it } from 'vitest';
import {
  defaultSubgraphPolicy,
  subgraphPoliciesFromEnv,
  subgraphPolicyFor,
} from './subgraphPoliciesFromEnv.ts';

describe('subgraphPoliciesFromEnv', () => {
  it('reads the defaults and per-subgraph overrides', () => {
    const policies = subgraphPoliciesFromEnv({
      SUBGRAPH_TIMEOUT_MS: '2500',
      SUBGRAPH_BREAKER_FAILURES: '3',
      PROCEDURES_SUBGRAPH_TIMEOUT_MS: '8000',
      UNITS_SUBGRAPH_BREAKER_OPEN_MS: '1000',
      UNITS_SUBGRAPH_URL: 'http://units:4001/graphql',
      EMPTY_SUBGRAPH_TIMEOUT_MS: '',
    });
    expect(policies).toEqual({
      defaults: { timeoutMilliseconds: 2500, breakerFailures: 3 },
      overrides: {
        procedures: { timeoutMilliseconds: 8000 },
        units: { breakerOpenMilliseconds: 1000 },
      },
    });
    expect(subgraphPolicyFor('procedures', policies)).toEqual({
      timeoutMilliseconds: 8000,
      breakerFailures: 3,
      breakerOpenMilliseconds: defaultSubgraphPolicy.breakerOpenMilliseconds,
    });
    expect(subgraphPolicyFor('units', policies)).toEqual({
      timeoutMilliseconds: 2500,
      breakerFailures: 3,
      breakerOpenMilliseconds: 1000,
    });
  });

  it('gives every subgraph the documented defaults without variables', () => {
    expect(subgraphPolicyFor('units', subgraphPoliciesFromEnv({}))).toEqual(defaultSubgraphPolicy);
  });

  it('refuses a value that is not a positive whole number, naming the variable', () => {
    for (const text of ['0', '-5', '1.5', 'ten', '1e3x']) {
      expect(() => subgraphPoliciesFromEnv({ UNITS_SUBGRAPH_TIMEOUT_MS: text })).toThrow(
        /UNITS_SUBGRAPH_TIMEOUT_MS must be a whole number above 0/,
      );
    }
  });
});
