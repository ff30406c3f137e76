import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecurity, type Security } from '../security/createSecurity.ts';
import { issueToken } from '../security/issueToken.ts';
import { startFixtureGateway } from '../security/testing/startFixtureGraph.ts';
import { fixtureIssuer, freshKeyPair } from '../security/testing/startSecuredFixtureGraph.ts';
import { testSecurityConfig } from '../security/testing/testSecurityConfig.ts';
import { type GraphQLResponse, postGraphQL } from '../testing/postGraphQL.ts';
import {
  conformanceFeatures,
  conformanceQueries,
  conformanceSubgraphs,
} from './conformanceSubgraphs.ts';

/**
 * The same supergraph served by the bare Apollo Gateway of our version and by our gateway as
 * main.ts runs it (createSecurity with UNANNOTATED_ROOT_FIELDS=public, since these subgraphs
 * carry no policy): every query must get the same answer from both, byte for byte.
 */
const logger = createLogger('conformance', 'silent');
const services: HttpService[] = [];
let security: Security;
let bare: HttpService;
let secured: HttpService;
let researcherToken: string;

beforeAll(async () => {
  const urls: Record<string, string> = {};
  for (const subgraph of conformanceSubgraphs) {
    const apollo = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: subgraph.typeDefs,
        resolvers: subgraph.resolvers as never,
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const service = await startHttpService({
      apollo,
      logger,
      context: async () => ({}),
      ready: async () => undefined,
      drainMilliseconds: 100,
    });
    services.push(service);
    urls[subgraph.name] = service.url;
  }
  const composition = composeServices(
    conformanceSubgraphs.map(({ name, typeDefs }) => ({ name, typeDefs, url: urls[name] })),
  );
  if (composition.errors) throw new Error(composition.errors.map(String).join('\n'));
  const supergraphSdl = composition.supergraphSdl;

  bare = await startHttpService({
    apollo: new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) }),
    logger,
    context: async () => ({}),
    ready: async () => undefined,
    drainMilliseconds: 100,
  });

  const issuer = await freshKeyPair();
  const identity = await freshKeyPair();
  security = await createSecurity(
    testSecurityConfig(
      { issuerPublicKey: issuer.publicJwk, identityPrivateKey: identity.privateJwk },
      { unannotatedRootFields: 'public' },
    ),
    { logger },
  );
  secured = await startFixtureGateway({ supergraphSdl, security, logger });
  ({ token: researcherToken } = await issueToken({
    role: 'researcher',
    subject: 'conformance-researcher',
    ...fixtureIssuer,
    privateKey: issuer.privateJwk,
  }));
}, 60_000);

afterAll(async () => {
  await secured?.close();
  await security?.close();
  await bare?.close();
  await Promise.all(services.map((service) => service.close()));
});

/** The answer with each error's `extensions.traceId` checked (32 hex digits) and taken out. */
function withoutTraceIds<T extends GraphQLResponse>(answer: T, required = true): T {
  if (!answer.errors) return answer;
  return {
    ...answer,
    errors: answer.errors.map(({ extensions, ...error }) => {
      const { traceId, ...rest } = extensions ?? {};
      if (required || traceId !== undefined) expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      return { ...error, extensions: rest };
    }),
  };
}

describe('our gateway answers as the bare Apollo Gateway does', () => {
  it('covers every federation feature the graph relies on', () => {
    const covered = new Set(conformanceQueries.flatMap((query) => query.features));
    expect([...covered].sort()).toEqual([...conformanceFeatures].sort());
  });

  for (const { name, query, variables, errorCode } of conformanceQueries) {
    it(name, async () => {
      // The bare gateway runs behind our HTTP service too, whose refusals of a request before
      // execution (Apollo's HTTP-level 400s) carry the trace id as well.
      const expected = withoutTraceIds(await postGraphQL(bare.url, query, { variables }), false);
      // What the bare gateway answers is itself checked, so two equal failures cannot pass.
      if (errorCode) {
        expect(expected.errors?.map((error) => error.extensions?.code)).toContain(errorCode);
      } else {
        expect(expected.errors).toBeUndefined();
        expect(expected.data).toBeTruthy();
      }
      const anonymous = await postGraphQL(secured.url, query, { variables });
      const researcher = await postGraphQL(secured.url, query, {
        variables,
        headers: { authorization: `Bearer ${researcherToken}` },
      });
      // Our gateway adds the request's trace id to each error (docs/operations.md); the rest of
      // the answer is the bare gateway's.
      expect(withoutTraceIds(anonymous)).toEqual(expected);
      expect(withoutTraceIds(researcher)).toEqual(expected);
    });
  }
});

describe('the answers are the federation semantics, not just equal', () => {
  const ask = (query: string, variables?: Record<string, unknown>) =>
    postGraphQL(secured.url, query, { variables });

  it.each([
    [
      // Inventory's stock; products' own resolver would answer the opposite.
      'takes an overridden field from its new owner',
      `{ topProducts { upc inStock } }`,
      {
        topProducts: [
          { upc: 'p1', inStock: true },
          { upc: 'p2', inStock: false },
          { upc: 'p3', inStock: true },
        ],
      },
    ],
    [
      'gives @requires its required fields',
      `{ topProducts { upc shippingEstimate } }`,
      {
        topProducts: [
          { upc: 'p1', shippingEstimate: 20 },
          { upc: 'p2', shippingEstimate: 0 },
          { upc: 'p3', shippingEstimate: 10 },
        ],
      },
    ],
    [
      'adds interface object fields to every implementation',
      `{ media { id reviewCount } }`,
      {
        media: [
          { id: 'b1', reviewCount: 2 },
          { id: 'm1', reviewCount: 1 },
        ],
      },
    ],
  ])('%s', async (_, query, expected) => {
    const { data } = await ask(query);
    expect(data).toEqual(expected);
  });

  it('refuses an inaccessible field exactly like an unknown one', async () => {
    const inaccessible = await ask(`{ topProducts { cost } }`);
    const unknown = await ask(`{ topProducts { costs } }`);
    expect(inaccessible.status).toBe(400);
    expect(inaccessible.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inaccessible.errors?.[0]?.message).toBe('Cannot query field "cost" on type "Product".');
    expect(unknown.errors?.[0]?.message).toMatch(/^Cannot query field "costs" on type "Product"/);
  });

  it('keeps the rest of the answer around a subgraph error', async () => {
    const { data, errors } = await ask(`{ product(upc: "p2") { name recallNotice } }`);
    expect(data).toEqual({ product: { name: 'Con dấu', recallNotice: null } });
    expect(errors?.[0]?.path).toEqual(['product', 'recallNotice']);
    expect(errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
