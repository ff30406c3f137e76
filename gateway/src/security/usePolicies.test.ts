import { describe, expect, it } from 'vitest';
import {
  fixtureSupergraph,
  identityOf,
  refusalOf,
  stateOf,
} from './testing/securityPluginHarness.ts';
import { usePolicies } from './usePolicies.ts';

const policies = usePolicies({ supergraph: () => fixtureSupergraph });
const ask = (query: string, role: Parameters<typeof identityOf>[0]) =>
  refusalOf(policies, query, { security: stateOf(identityOf(role)) });

describe('usePolicies', () => {
  it('serves public fields to anyone', async () => {
    expect(await ask('{ units { code name } }', 'anonymous')).toBeUndefined();
  });

  it('refuses a field the identity does not reach: 401 for anonymous callers, 403 for known ones', async () => {
    const population = '{ unit(code: "40") { population } }';
    expect(await ask(population, 'anonymous')).toBe('UNAUTHENTICATED');
    expect(await ask(population, 'researcher')).toBeUndefined();
    const write = 'mutation { renameUnit(code: "40", provinceCode: "40", name: "x") { code } }';
    expect(await ask(write, 'anonymous')).toBe('UNAUTHENTICATED');
    expect(await ask(write, 'researcher')).toBe('FORBIDDEN');
    expect(await ask(write, 'admin')).toBeUndefined();
  });

  it('fails closed without a prepared supergraph', async () => {
    const unprepared = usePolicies({ supergraph: () => undefined });
    expect(
      await refusalOf(unprepared, '{ units { code } }', {
        security: stateOf(identityOf('anonymous')),
      }),
    ).toBe('INTERNAL_SERVER_ERROR');
  });
});
