import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { IntrospectionPolicy } from './securityConfigFromEnv.ts';
import {
  encounterErrors,
  identityOf,
  refusalOf,
  stateOf,
} from './testing/securityPluginHarness.ts';
import { useIntrospection } from './useIntrospection.ts';

const anonymous = stateOf(identityOf('anonymous'));
const researcher = stateOf(identityOf('researcher'));
const admin = stateOf(identityOf('admin'));
const introspect = (policy: IntrospectionPolicy, security = anonymous) =>
  refusalOf(useIntrospection({ policy }), '{ __schema { queryType { name } } }', {
    security,
  });

describe('useIntrospection', () => {
  it('admits the callers each policy names', async () => {
    expect(await introspect('everyone')).toBeUndefined();
    expect(await introspect('authenticated')).toBe('UNAUTHENTICATED');
    expect(await introspect('authenticated', researcher)).toBeUndefined();
    expect(await introspect('admin', researcher)).toBe('FORBIDDEN');
    expect(await introspect('admin', admin)).toBeUndefined();
    expect(await introspect('none', admin)).toBe('FORBIDDEN');
    expect(await introspect('none')).toBe('FORBIDDEN');
  });

  it('finds introspection behind a fragment, and lets __typename through', async () => {
    const plugin = useIntrospection({ policy: 'authenticated' });
    const spread = '{ ...F } fragment F on Query { __type(name: "Query") { name } }';
    expect(await refusalOf(plugin, spread, { security: anonymous })).toBe('UNAUTHENTICATED');
    expect(await refusalOf(plugin, '{ __typename }', { security: anonymous })).toBeUndefined();
  });

  it('cuts suggestions from the errors of callers who may not introspect', async () => {
    const plugin = useIntrospection({ policy: 'authenticated' });
    const typo = () => [
      new GraphQLError(
        'Cannot query field "unitz" on type "Query". Did you mean "unit" or "units"?',
      ),
    ];
    expect((await encounterErrors(plugin, typo(), anonymous))[0]?.message).toBe(
      'Cannot query field "unitz" on type "Query".',
    );
    expect((await encounterErrors(plugin, typo(), researcher))[0]?.message).toMatch(/Did you mean/);
  });
});
