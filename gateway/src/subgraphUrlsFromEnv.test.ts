import { describe, expect, it } from 'vitest';
import { subgraphUrlsFromEnv } from './subgraphUrlsFromEnv.ts';

describe('subgraphUrlsFromEnv', () => {
  it('maps <NAME>_SUBGRAPH_URL to the lowercase subgraph name', () => {
    expect(
      subgraphUrlsFromEnv({
        UNITS_SUBGRAPH_URL: 'http://units:4001/graphql',
        PERSONNEL_SUBGRAPH_URL: 'http://personnel/graphql',
        UNITS_DATABASE_URL: 'postgres://ignored',
        EMPTY_SUBGRAPH_URL: '',
      }),
    ).toEqual({ units: 'http://units:4001/graphql', personnel: 'http://personnel/graphql' });
  });
});
