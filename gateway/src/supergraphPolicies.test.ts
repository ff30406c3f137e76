import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { prepareSupergraph } from './security/prepareSupergraph.ts';
import { supergraphOwners } from './supergraphOwners.ts';

const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');

/**
 * The reviewed policy of every root field of the checked-in supergraph. A new root field fails
 * this test until someone decides who may call it and adds its row.
 */
const reviewed: Record<string, 'public' | string> = {
  'Query.unit': 'public',
  'Query.units': 'public',
  'Query.unitChanges': 'public',
  'Query.unitCorrections': 'public',
  'Query.resolveAddress': 'public',
  'Query.resolveAddresses': 'public',
  'Mutation.recordLineageLinks': '{"authenticated":false,"scopes":[["write:units"]]}',
  'Mutation.renameUnit': '{"authenticated":false,"scopes":[["write:units"]]}',
  'Mutation.retypeUnit': '{"authenticated":false,"scopes":[["write:units"]]}',
  'Mutation.mergeUnits': '{"authenticated":false,"scopes":[["write:units"]]}',
  'Mutation.splitUnit': '{"authenticated":false,"scopes":[["write:units"]]}',
  'Query.organization': 'public',
  'Query.organizations': 'public',
  'Query.organizationStatistics': 'public',
  'Query.organizationStatisticsByYear': 'public',
  'Mutation.registerOrganization': '{"authenticated":false,"scopes":[["write:associations"]]}',
  'Mutation.approveCharter': '{"authenticated":false,"scopes":[["write:associations"]]}',
  'Mutation.fileFinancialReport': '{"authenticated":false,"scopes":[["write:associations"]]}',
  'Mutation.changeOrganizationStatus': '{"authenticated":false,"scopes":[["write:associations"]]}',
  'Query.agency': 'public',
  'Query.agencies': 'public',
  'Query.staffingTotals': 'public',
  'Query.separations': 'public',
  'Query.separationStatistics': 'public',
  'Mutation.mergeAgency': '{"authenticated":false,"scopes":[["write:personnel"]]}',
  'Mutation.dissolveAgency': '{"authenticated":false,"scopes":[["write:personnel"]]}',
  'Mutation.allocateStaffingQuota': '{"authenticated":false,"scopes":[["write:personnel"]]}',
  'Mutation.recordHeadcount': '{"authenticated":false,"scopes":[["write:personnel"]]}',
  'Mutation.recordSeparation': '{"authenticated":false,"scopes":[["write:personnel"]]}',
  'Query.procedure': 'public',
  'Query.procedures': 'public',
  'Query.procedureFields': 'public',
  'Query.procedureStatistics': 'public',
  'Query.dossier': '{"authenticated":false,"scopes":[["read:personal:procedures"]]}',
  'Mutation.receiveDossier': '{"authenticated":false,"scopes":[["write:procedures"]]}',
  'Mutation.resolveDossier': '{"authenticated":false,"scopes":[["write:procedures"]]}',
  'Mutation.returnDossier': '{"authenticated":false,"scopes":[["write:procedures"]]}',
  'Mutation.withdrawDossier': '{"authenticated":false,"scopes":[["write:procedures"]]}',
  'Mutation.issueDossierApology': '{"authenticated":false,"scopes":[["write:procedures"]]}',
};

describe('the checked-in supergraph', () => {
  const prepared = prepareSupergraph(supergraphSdl);
  const schema = buildSchema(prepared.gatewaySdl);
  const rootFields = [schema.getQueryType(), schema.getMutationType()]
    .filter((type) => type !== null && type !== undefined && isObjectType(type))
    .flatMap((type) =>
      Object.keys(type!.getFields())
        .filter((name) => !name.startsWith('_'))
        .map((name) => `${type!.name}.${name}`),
    );

  it('has a policy on every root field', () => {
    expect(prepared.missingPolicies).toEqual([]);
  });

  it('guards personal data with the personal scope of the subgraph that serves it', () => {
    // A `read:personal:<name>` scope is granted to that ministry's writers only: a personal
    // field must name the subgraph that really resolves it, or another ministry could read it.
    const owners = supergraphOwners(parse(supergraphSdl));
    const personal = [...prepared.policies.fields].filter(([, policy]) =>
      policy.scopes.some((alternative) =>
        alternative.some((scope) => scope.startsWith('read:personal:')),
      ),
    );
    expect(personal.length).toBeGreaterThan(0);
    for (const [coordinate, policy] of personal) {
      const scopes = policy.scopes.flat().filter((scope) => scope.startsWith('read:personal:'));
      const subgraphs = owners.get(coordinate) ?? [];
      expect(subgraphs, coordinate).toHaveLength(1);
      expect(scopes, coordinate).toEqual(scopes.map(() => `read:personal:${subgraphs[0]}`));
    }
  });

  it('has exactly the reviewed root fields, each with its reviewed policy', () => {
    expect(rootFields.sort()).toEqual(Object.keys(reviewed).sort());
    for (const coordinate of rootFields) {
      const policy = prepared.policies.publicFields.has(coordinate)
        ? 'public'
        : JSON.stringify(prepared.policies.fields.get(coordinate));
      expect(policy, coordinate).toBe(reviewed[coordinate]);
    }
  });
});
