import { readFileSync } from 'node:fs';
import type { LocalKeyPair } from '@home-affairs/identity';
import { fetchDirectoryUnits } from '@home-affairs/procedures';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supergraphPath } from '../composeArtifacts.ts';
import { createGateway } from '../createGateway.ts';
import { createSecurity, type Security } from '../security/createSecurity.ts';
import { issueToken } from '../security/issueToken.ts';
import { fixtureIssuer, freshKeyPair } from '../security/testing/startSecuredFixtureGraph.ts';
import { testSecurityConfig } from '../security/testing/testSecurityConfig.ts';
import { postGraphQL } from '../testing/postGraphQL.ts';
import { type HiveGateway, startHiveGateway } from '../testing/startHiveGateway.ts';
import {
  type ProceduresSubgraph,
  startProceduresSubgraph,
} from '../testing/startProceduresSubgraph.ts';
import { startUnitsAnd } from '../testing/startUnitsAnd.ts';

/**
 * The portability the schema's directives promise: Hive Gateway loads the checked-in supergraph
 * file as it is (standard `@link`s, `@requiresScopes`, the composed `@cacheControl`), answers the
 * public queries as our gateway does, and enforces `@requiresScopes` on the personal fields by
 * itself. The units and procedures subgraphs are the real ones; the other two are not started,
 * which both gateways answer with the same nulls and errors for their fields.
 */
const logger = createLogger('hive-conformance', 'silent');
const supergraphSdl = readFileSync(supergraphPath, 'utf8');
let subgraphs: Awaited<ReturnType<typeof startUnitsAnd<ProceduresSubgraph>>>;
let issuer: LocalKeyPair;
let security: Security;
let ours: HttpService;
let hive: HiveGateway;

beforeAll(async () => {
  subgraphs = await startUnitsAnd(async (unitsUrl) =>
    startProceduresSubgraph({
      directory: await fetchDirectoryUnits({ graphUrl: unitsUrl }),
      demoDossiers: 2000,
    }),
  );
  const subgraphUrls = { units: subgraphs.units.url, procedures: subgraphs.agency.url };
  issuer = await freshKeyPair();
  const identity = await freshKeyPair();
  security = await createSecurity(
    testSecurityConfig({
      issuerPublicKey: issuer.publicJwk,
      identityPrivateKey: identity.privateJwk,
    }),
    { logger },
  );
  ours = await startHttpService({
    ...createGateway({
      supergraphSdl: security.prepareSupergraph(supergraphSdl).gatewaySdl,
      logger,
      subgraphUrls,
      ...security.gatewayOptions,
    }),
    logger,
    drainMilliseconds: 100,
  });
  hive = await startHiveGateway({
    supergraphSdl,
    subgraphUrls,
    tokens: { ...fixtureIssuer, publicKey: issuer.publicJwk },
  });
});

afterAll(async () => {
  await hive?.close();
  await ours?.close();
  await security?.close();
  await subgraphs?.dispose();
});

const publicQueries: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'the 34 provinces',
    query: '{ units(level: PROVINCE) { totalCount nodes { code name type } } }',
  },
  {
    name: 'every commune with its province',
    query:
      '{ units(level: COMMUNE, first: 5000) { totalCount nodes { code fullName type province { name } } } }',
  },
  {
    name: 'a province with its communes and their dossier statistics (two subgraphs)',
    query: `query ($from: Date!, $to: Date!) { unit(code: "40") { name
      procedureStatistics(from: $from, to: $to) { received resolved onTimeRate onlineRate }
      children(first: 500) { nodes { code name procedureStatistics(from: $from, to: $to) { received onTimeRate } } } } }`,
    variables: { from: '2025-01-01', to: '2025-12-31' },
  },
  {
    name: 'lineage of an abolished commune',
    query:
      '{ unit(code: "00001") { fullName inForce validTo successors { share unit { code fullName } } currentUnits { code province { name } } } }',
  },
  {
    name: 'the procedure catalogue',
    query: '{ procedures(first: 20) { totalCount nodes { code name } } }',
  },
];

describe('Hive Gateway on the checked-in supergraph', () => {
  for (const { name, query, variables } of publicQueries) {
    it(`answers as our gateway does: ${name}`, async () => {
      const [fromOurs, fromHive] = await Promise.all([
        postGraphQL(ours.url, query, { variables }),
        postGraphQL(hive.url, query, { variables }),
      ]);
      expect(fromOurs.errors).toBeUndefined();
      expect(fromHive.errors).toBeUndefined();
      expect(fromHive.data).toEqual(fromOurs.data);
    });
  }

  it('enforces @requiresScopes on personal fields by itself', async () => {
    const personal = '{ dossier(id: "1") { id outcome } }';
    const token = async (role: 'researcher' | 'writer', subgraph?: string) =>
      (
        await issueToken({
          role,
          subject: `hive-${role}`,
          ...(subgraph ? { subgraph } : {}),
          ...fixtureIssuer,
          privateKey: issuer.privateJwk,
        })
      ).token;
    const refusedBy = async (gateway: { url: string }, bearer?: string) => {
      const answer = await postGraphQL(gateway.url, personal, {
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
      return answer.errors?.map((error) => String(error.extensions?.code)) ?? [];
    };
    const researcher = await token('researcher');
    const otherMinistry = await token('writer', 'personnel');
    const procedures = await token('writer', 'procedures');
    // Hive's own refusal (generic-auth), for callers without read:personal:procedures.
    for (const bearer of [undefined, researcher, otherMinistry]) {
      expect(await refusedBy(hive, bearer)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    }
    // Ours refuses the same callers.
    expect(await refusedBy(ours, undefined)).toEqual(['UNAUTHENTICATED']);
    expect(await refusedBy(ours, otherMinistry)).toEqual(['FORBIDDEN']);
    // The ministry's own writer gets past Hive's check: what answers now is the subgraph, which
    // in this test reads every unsigned request as anonymous and refuses it in turn.
    const passed = await refusedBy(hive, procedures);
    expect(passed).not.toContain('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(passed.length).toBeGreaterThan(0);
  });
});
