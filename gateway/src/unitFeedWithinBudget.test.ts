import { readFileSync } from 'node:fs';
import { unitChangesPageSize, unitChangesQuery } from '@home-affairs/unit-directory';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf } from './apiSchemaOf.ts';
import { defaultLimits } from './security/index.ts';
import { measureOperation } from './security/measureOperation.ts';

// The agency subgraphs read the feed of unit changes through the gateway as anonymous callers
// (ADR 0011): a page of it must pass the anonymous limits, or following would stop at the first
// poll with COST_LIMIT_EXCEEDED.
describe('the unit change feed as the agency subgraphs read it', () => {
  it('fits a page within the limits of an anonymous caller', () => {
    const schema = apiSchemaOf(
      readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8'),
    );
    const measure = measureOperation({
      schema,
      document: parse(unitChangesQuery),
      variables: { after: null, first: unitChangesPageSize },
    });
    const limits = defaultLimits.anonymous;
    expect(measure.truncated).toBe(false);
    expect(measure.cost).toBeLessThanOrEqual(limits.maxCost);
    expect(measure.depth).toBeLessThanOrEqual(limits.maxDepth);
  });
});
