import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '@home-affairs/identity';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import {
  buildClientSchema,
  buildSchema,
  type GraphQLSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractsFolder, supergraphPath } from '../composeArtifacts.ts';
import { createGateway } from '../createGateway.ts';
import { createSecurity, type Security } from '../security/createSecurity.ts';
import { issueToken } from '../security/issueToken.ts';
import { prepareSupergraph } from '../security/prepareSupergraph.ts';
import {
  type Answer,
  fixtureIssuer,
  freshKeyPair,
  send,
} from '../security/testing/startSecuredFixtureGraph.ts';
import { testSecurityConfig } from '../security/testing/testSecurityConfig.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from '../testing/startUnitsSubgraph.ts';
import { apiSchemaOf } from './composeContract.ts';
import { fieldsBeyondAudience } from './fieldsBeyondAudience.ts';
import { type ContractRoles, loadContracts } from './loadContracts.ts';

// The checked-in supergraph and contracts behind the secured gateway. The units subgraph is
// real; the other three are reached at an address that answers 503 and counts: a refusal must
// come before any subgraph request, which the gateway's own hook counts too.
const logger = createLogger('contracts-test', 'silent');
const supergraphSdl = readFileSync(supergraphPath, 'utf8');
const fullSchema = apiSchemaOf(supergraphSdl);
const researcherSchema = buildSchema(
  readFileSync(`${contractsFolder}researcher.schema.graphql`, 'utf8'),
);
const publicSchema = buildSchema(readFileSync(`${contractsFolder}public.schema.graphql`, 'utf8'));
const { policies } = prepareSupergraph(supergraphSdl);

let units: UnitsSubgraph;
let tripwire: Server;
let issuerKey: JWK;
let subgraphRequests = 0;
const gateways: { service: HttpService; security: Security }[] = [];
let defaultGateway: HttpService;
let publicGateway: HttpService;

async function startGateway(contractRoles: ContractRoles, keys: { issuer: JWK; identity: JWK }) {
  const config = testSecurityConfig(
    { issuerPublicKey: keys.issuer, identityPrivateKey: keys.identity },
    { maxTokens: 5_000, contractRoles },
  );
  const security = await createSecurity(config, { logger });
  const prepared = security.prepareSupergraph(supergraphSdl);
  const trip = `http://127.0.0.1:${(tripwire.address() as AddressInfo).port}/graphql`;
  const gateway = createGateway({
    supergraphSdl: prepared.gatewaySdl,
    logger,
    graphiql: false,
    subgraphUrls: { units: units.url, associations: trip, personnel: trip, procedures: trip },
    contracts: loadContracts({ folder: contractsFolder, roles: contractRoles, supergraphSdl }),
    ...security.gatewayOptions,
    willSendRequest: () => {
      subgraphRequests += 1;
    },
  });
  const service = await startHttpService({ ...gateway, logger, drainMilliseconds: 100 });
  gateways.push({ service, security });
  return service;
}

beforeAll(async () => {
  units = await startUnitsSubgraph();
  tripwire = createServer((_request, response) => {
    response.statusCode = 503;
    response.end();
  }).listen(0, '127.0.0.1');
  const issuer = await freshKeyPair();
  const identity = await freshKeyPair();
  issuerKey = issuer.privateJwk;
  const keys = { issuer: issuer.publicJwk, identity: identity.privateJwk };
  // As CONTRACT_ROLES defaults: researchers get their contract, everyone else the whole schema.
  defaultGateway = await startGateway({ researcher: 'researcher' }, keys);
  // The operator's other documented choice: anonymous callers get the public contract too.
  publicGateway = await startGateway({ anonymous: 'public', researcher: 'researcher' }, keys);
});

afterAll(async () => {
  for (const { service, security } of gateways) {
    await service.close();
    await security.close();
  }
  tripwire?.close();
  await units?.dispose();
});

async function tokenFor(role: Exclude<Role, 'anonymous'>, subgraph?: string) {
  const { token } = await issueToken({
    role,
    subject: `${role}-${subgraph ?? 'any'}`,
    ...fixtureIssuer,
    privateKey: issuerKey,
    subgraph,
  });
  return token;
}

function ask(gateway: HttpService, query: string, token?: string): Promise<Answer> {
  return send(gateway.url, { query }, token ? { authorization: `Bearer ${token}` } : {});
}

/** The schema a caller sees, read back through introspection. */
async function introspect(gateway: HttpService, token?: string): Promise<GraphQLSchema> {
  const answer = await ask(gateway, getIntrospectionQuery(), token);
  expect(answer.body.errors).toBeUndefined();
  return buildClientSchema(answer.body.data as unknown as IntrospectionQuery);
}

/** Every `Type.field` of object and interface types. */
function coordinates(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) =>
      isObjectType(type) || isInterfaceType(type)
        ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`)
        : [],
    )
    .sort();
}

describe('a researcher token', () => {
  // Generated from the schema's own policies, not listed by hand: every field a researcher can
  // never read (personal data, mutations, anything beyond read:public and read:aggregate).
  const hidden = fieldsBeyondAudience(fullSchema, policies, 'researcher');

  it('hides at least the personal fields and every mutation', () => {
    expect(hidden).toEqual(
      expect.arrayContaining([
        'Separation.fullName',
        'Separation.nationalId',
        'Separation.birthDate',
        'OrganizationLeader.fullName',
        'Query.dossier',
      ]),
    );
    const mutations = Object.keys(fullSchema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(10);
    for (const mutation of mutations) expect(hidden).toContain(`Mutation.${mutation}`);
  });

  it('introspects exactly the researcher contract', async () => {
    const seen = await introspect(defaultGateway, await tokenFor('researcher'));
    expect(coordinates(seen)).toEqual(coordinates(researcherSchema));
    const visible = new Set(coordinates(seen));
    for (const coordinate of hidden) expect(visible.has(coordinate), coordinate).toBe(false);
    // Nothing the researcher may read is missing, beyond types only hidden fields reached.
    const readable = coordinates(fullSchema).filter((coordinate) => !hidden.includes(coordinate));
    const missing = readable.filter((coordinate) => !visible.has(coordinate));
    for (const coordinate of missing) {
      expect(seen.getType(coordinate.split('.')[0]!), coordinate).toBeUndefined();
    }
    expect(seen.getMutationType()).toBeFalsy();
  });

  it('is refused every hidden field as if it did not exist, before any subgraph is called', async () => {
    const token = await tokenFor('researcher');
    const before = subgraphRequests;
    for (const coordinate of hidden) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const probe = (field: string) => `{ __typename } fragment Probe on ${typeName} { ${field} }`;
      const answer = await ask(defaultGateway, probe(fieldName), token);
      expect(answer.status, coordinate).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code, coordinate).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
      const messages = (answer.body.errors ?? []).map((error) => error.message).join('\n');
      if (researcherSchema.getType(typeName)) {
        expect(messages, coordinate).toMatch(
          new RegExp(`^Cannot query field "${fieldName}" on type "${typeName}"\\.`),
        );
        // The same refusal as for a field that exists nowhere.
        const unknown = await ask(defaultGateway, probe(`${fieldName}Nowhere`), token);
        expect(unknown.body.errors?.[0]?.message).toMatch(
          new RegExp(`^Cannot query field "${fieldName}Nowhere" on type "${typeName}"\\.`),
        );
      } else {
        expect(messages, coordinate).toMatch(new RegExp(`^Unknown type "${typeName}"\\.`));
      }
      // Suggestions never name what the contract hides.
      for (const other of hidden) {
        expect(messages).not.toContain(`"${other.split('.')[1]}"?`);
      }
    }
    expect(subgraphRequests).toBe(before);
  });

  it('is refused a query for personal data and a write, and served the rest', async () => {
    const token = await tokenFor('researcher');
    const before = subgraphRequests;
    const personal = await ask(
      defaultGateway,
      '{ separations(first: 1) { nodes { id fullName } } }',
      token,
    );
    expect(personal.status).toBe(400);
    expect(personal.body.errors?.[0]?.message).toBe(
      'Cannot query field "fullName" on type "Separation".',
    );
    const write = await ask(
      defaultGateway,
      'mutation { recordHeadcount(input: { agencyCode: "BNV" }) { __typename } }',
      token,
    );
    expect(write.status).toBe(400);
    expect(write.body.errors?.[0]).toMatchObject({
      message: 'The mutation operation is not supported by the schema.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(subgraphRequests).toBe(before);

    const served = await ask(defaultGateway, '{ units(level: PROVINCE) { totalCount } }', token);
    expect(served.body).toEqual({ data: { units: { totalCount: 34 } } });
  });
});

describe('anonymous callers and writers, as before', () => {
  it('see the whole API schema and get the policy refusal, not a missing field', async () => {
    expect(coordinates(await introspect(defaultGateway))).toEqual(coordinates(fullSchema));
    const anonymous = await ask(defaultGateway, '{ separations(first: 1) { nodes { fullName } } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const writer = await tokenFor('writer', 'personnel');
    expect(coordinates(await introspect(defaultGateway, writer))).toEqual(coordinates(fullSchema));
    const before = subgraphRequests;
    // The writer's own subgraph is asked (here it is down): the write got past every check.
    const write = await ask(
      defaultGateway,
      'mutation { recordHeadcount(input: { agencyCode: "BNV", category: CIVIL_SERVANT, asOf: "2025-07-01", headcount: 1, idempotencyKey: "contract-test" }) { __typename } }',
      writer,
    );
    expect(write.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(subgraphRequests).toBe(before + 1);
  });

  it('with CONTRACT_ROLES=anonymous=public, anonymous callers see the public contract', async () => {
    expect(coordinates(await introspect(publicGateway))).toEqual(coordinates(publicSchema));
    expect(coordinates(await introspect(publicGateway, await tokenFor('researcher')))).toEqual(
      coordinates(researcherSchema),
    );
    const hiddenFromAnonymous = fieldsBeyondAudience(fullSchema, policies, 'anonymous');
    const visible = new Set(coordinates(publicSchema));
    for (const coordinate of hiddenFromAnonymous) expect(visible.has(coordinate)).toBe(false);
  });
});
