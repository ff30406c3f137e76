import { fetchUnitDirectories } from '@home-affairs/associations';
import { subgraphDefinition as associations } from '@home-affairs/associations/typeDefs';
import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshKeyPair } from './security/testing/startSecuredFixtureGraph.ts';
import {
  type AssociationsSubgraph,
  startAssociationsSubgraph,
} from './testing/startAssociationsSubgraph.ts';
import { type SecuredGateway, startAuditedSecuredGateway } from './testing/startSecuredGateway.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from './testing/startUnitsSubgraph.ts';

// A correction's dry run through the secured gateway: the units ministry sees, before writing,
// how many association records the merge would re-attribute, read from the associations
// subgraph's own field on the units that would cease.

let unitsSubgraph: UnitsSubgraph;
let associationsSubgraph: AssociationsSubgraph;
let gateway: SecuredGateway;

beforeAll(async () => {
  const identityKeys = await freshKeyPair();
  // Requests through the gateway carry its signature and are checked; the associations
  // subgraph's directory read goes straight to the units subgraph, unsigned, as anonymous.
  unitsSubgraph = await startUnitsSubgraph({ gatewayIdentityKey: identityKeys.publicJwk });
  associationsSubgraph = await startAssociationsSubgraph({
    loadDirectory: fetchUnitDirectories(unitsSubgraph.url),
  });
  gateway = await startAuditedSecuredGateway({
    definitions: [units, associations],
    subgraphUrls: { units: unitsSubgraph.url, associations: associationsSubgraph.url },
    identityKeys,
  });
});

afterAll(async () => {
  await gateway?.close();
  await associationsSubgraph?.dispose();
  await unitsSubgraph?.dispose();
});

const unitsWriter = () => gateway.tokenFor('writer', { subgraph: 'units' });
const ask = (query: string, token?: string, variables?: Record<string, unknown>) =>
  gateway.ask(query, token, variables);

describe('a correction through the secured gateway', () => {
  it('shows on a dry run how many association records the merge would re-attribute, and writes nothing', async () => {
    const listed = await ask(`{ units(level: COMMUNE, provinceCode: "40", first: 30) {
      nodes { code organizationCounts { total } } } }`);
    expect(listed.body.errors).toBeUndefined();
    const communes = (
      listed.body.data as {
        units: { nodes: { code: string; organizationCounts: { total: number } }[] };
      }
    ).units.nodes;
    const [merged, into] = [...communes].sort(
      (a, b) => b.organizationCounts.total - a.organizationCounts.total,
    );
    expect(merged!.organizationCounts.total).toBeGreaterThan(0);

    const dryRun = await ask(
      `mutation ($input: MergeUnitsInput!) { mergeUnits(input: $input) {
        dryRun correction { id }
        changes { linksAdded { predecessorCode successorCode share }
          reattributedFrom { code organizationCounts { total } } } } }`,
      await unitsWriter(),
      {
        input: {
          idempotencyKey: 'gateway-dry-run',
          dryRun: true,
          legalBasis: '99/2026/NQ-UBTVQH16',
          effectiveDate: '2026-12-01',
          codes: [merged!.code],
          intoCode: into!.code,
        },
      },
    );
    expect(dryRun.body.errors).toBeUndefined();
    expect(dryRun.body.data).toEqual({
      mergeUnits: {
        dryRun: true,
        correction: null,
        changes: {
          linksAdded: [
            { predecessorCode: merged!.code, successorCode: into!.code, share: 'WHOLE' },
            { predecessorCode: into!.code, successorCode: into!.code, share: 'WHOLE' },
          ],
          reattributedFrom: [
            { code: merged!.code, organizationCounts: { total: merged!.organizationCounts.total } },
          ],
        },
      },
    });
    // The history holds the shipped change set (Đồng Nai, applied at start) and nothing more.
    const history = await ask('{ unitCorrections { totalCount nodes { operation source } } }');
    expect(history.body.data).toEqual({
      unitCorrections: {
        totalCount: 1,
        nodes: [{ operation: 'applyChangeSet', source: 'changeset:2026-04-30-dong-nai' }],
      },
    });
  });

  it('refuses the mutation to an anonymous caller and to another ministry’s writer', async () => {
    const mutation = `mutation { renameUnit(input: { idempotencyKey: "k", legalBasis: "x",
      effectiveDate: "2026-12-01", code: "40", name: "Nghệ An Mới" }) { dryRun } }`;
    const anonymous = await ask(mutation);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    const other = await ask(
      mutation,
      await gateway.tokenFor('writer', { subgraph: 'associations' }),
    );
    expect(other.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });
});
