import { randomUUID } from 'node:crypto';
import type { LocalKeyPair } from '@home-affairs/identity';
import { fetchDirectoryUnits } from '@home-affairs/procedures';
import { subgraphDefinition as procedures } from '@home-affairs/procedures/typeDefs';
import { createLogger } from '@home-affairs/service';
import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../security/issueToken.ts';
import { fixtureIssuer, freshKeyPair } from '../security/testing/startSecuredFixtureGraph.ts';
import { type GraphQLResponse, postGraphQL } from '../testing/postGraphQL.ts';
import {
  type ProceduresSubgraph,
  startProceduresSubgraph,
} from '../testing/startProceduresSubgraph.ts';
import { type SecuredGateway, startSecuredGateway } from '../testing/startSecuredGateway.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from '../testing/startUnitsSubgraph.ts';
import {
  createResponseCache,
  type ResponseCache,
  type ResponseCacheConfig,
} from './createResponseCache.ts';

// The real units and procedures subgraphs (the latter checking the gateway's signed identity)
// behind secured gateways with the response cache: two replicas sharing Redis when TEST_REDIS_URL
// is set (in memory, one replica's invalidations stay its own, otherwise).

const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
const logger = createLogger('cache-test', 'silent');

/** A secured gateway over units and procedures with its response cache. */
interface CachingGateway {
  service: SecuredGateway;
  cache: ResponseCache;
  ask<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<TData>>;
  close(): Promise<void>;
}

let unitsSubgraph: UnitsSubgraph;
let proceduresSubgraph: ProceduresSubgraph;
let issuer: LocalKeyPair;
let identityKeys: LocalKeyPair;
const gateways: CachingGateway[] = [];

async function startCachingGateway(
  config: ResponseCacheConfig,
  registry?: Registry,
): Promise<CachingGateway> {
  const cache = await createResponseCache(config, logger);
  // One issuer for every gateway of the file, so that a token is accepted by each replica.
  const service = await startSecuredGateway({
    definitions: [units, procedures],
    subgraphUrls: { units: unitsSubgraph.url, procedures: proceduresSubgraph.url },
    trustedDocuments: [],
    issuer,
    identityKeys,
    responseCache: cache,
    gatewayOptions: registry ? { metrics: { registry, operationNames: new Set<string>() } } : {},
    logger,
  });
  const started: CachingGateway = {
    service,
    cache,
    ask: (query, variables, token) =>
      postGraphQL(service.url, query, {
        variables,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    async close() {
      await service.close();
      await cache.close();
    },
  };
  gateways.push(started);
  return started;
}

async function tokenFor(
  role: 'researcher' | 'writer' | 'admin',
  extra: { subgraph?: string; province?: string } = {},
): Promise<string> {
  const { token } = await issueToken({
    role,
    subject: `cache-test-${role}-${randomUUID()}`,
    ...extra,
    ...fixtureIssuer,
    privateKey: issuer.privateJwk,
  });
  return token;
}

beforeAll(async () => {
  issuer = await freshKeyPair();
  identityKeys = await freshKeyPair();
  unitsSubgraph = await startUnitsSubgraph();
  const directory = await fetchDirectoryUnits({ graphUrl: unitsSubgraph.url });
  proceduresSubgraph = await startProceduresSubgraph({
    directory,
    demoDossiers: 3000,
    identityPublicKey: identityKeys.publicJwk,
  });
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await proceduresSubgraph?.dispose();
  await unitsSubgraph?.dispose();
});

const statisticsOf = `query ($code: ID!) {
  unit(code: $code) { code name procedureStatistics(from: "2025-01-01", to: "2030-12-31") { received } }
}`;
const provinces = '{ units(level: PROVINCE) { totalCount nodes { code name } } }';
const communesOf = `query ($code: ID!) { unit(code: $code) { children(first: 3) { nodes { code } } } }`;
const receive = `mutation ($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { id countedUnder { code } } } }`;
const dossierQuery = `query ($id: ID!) { dossier(id: $id) { id outcome } }`;

type Statistics = { unit: { code: string; procedureStatistics: { received: number } } };

/** What a call did to a gateway's counters: served from the cache, or executed. */
async function served<T>(gateway: CachingGateway, call: () => Promise<T>) {
  const hits = gateway.cache.counters.hits;
  const result = await call();
  return { result, fromCache: gateway.cache.counters.hits > hits };
}

async function communeCodes(gateway: CachingGateway, province: string): Promise<string[]> {
  const answer = await gateway.ask<{ unit: { children: { nodes: { code: string }[] } } }>(
    communesOf,
    { code: province },
  );
  return answer.data!.unit.children.nodes.map((node) => node.code);
}

async function communeProcedure(gateway: CachingGateway): Promise<string> {
  const list = await gateway.ask<{ procedures: { nodes: { code: string; name: string }[] } }>(
    '{ procedures(first: 500) { nodes { code name } } }',
  );
  const found = list.data?.procedures.nodes.find(
    (node) => node.name === 'Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã',
  );
  if (!found) throw new Error('The catalogue lacks the commune-level procedure of the tests');
  return found.code;
}

/** Receives a dossier in a commune of Nghệ An, as `writer`. */
function receiveDossier(
  gateway: CachingGateway,
  writer: string,
  input: { procedureCode: string; unitCode: string; channel: string },
) {
  return gateway.ask<{
    receiveDossier: { dossier: { id: string; countedUnder: { code: string } } };
  }>(receive, { input: { idempotencyKey: randomUUID(), provinceCode: '40', ...input } }, writer);
}

/** A dossier of the tests' commune-level procedure received in the first commune of Nghệ An. */
async function receiveInFirstCommune(gateway: CachingGateway, writer: string, channel: string) {
  const procedureCode = await communeProcedure(gateway);
  const [commune] = await communeCodes(gateway, '40');
  const written = await receiveDossier(gateway, writer, {
    procedureCode,
    unitCode: commune!,
    channel,
  });
  return { commune: commune!, id: written.data!.receiveDossier.dossier.id };
}

describe('response cache', () => {
  it('drops exactly the answers a write changes, on two replicas sharing Redis', async () => {
    const channel = `test:response-cache:${randomUUID()}`;
    const [a, b] = [
      await startCachingGateway({ redisUrl, channel }),
      await startCachingGateway({ redisUrl, channel }),
    ];
    const [changed, untouchedSameProvince] = await communeCodes(a, '40');
    const [otherProvince] = await communeCodes(a, '01');
    const procedureCode = await communeProcedure(a);
    const reads = [
      { query: statisticsOf, variables: { code: changed } },
      { query: statisticsOf, variables: { code: untouchedSameProvince } },
      { query: statisticsOf, variables: { code: otherProvince } },
      { query: provinces, variables: undefined },
      { query: statisticsOf, variables: { code: '40' } },
    ];
    const before = new Map<string, unknown>();
    for (const gateway of [a, b]) {
      for (const read of reads) {
        const first = await served(gateway, () => gateway.ask(read.query, read.variables));
        expect(first.result.errors).toBeUndefined();
        const second = await served(gateway, () => gateway.ask(read.query, read.variables));
        expect(second.fromCache).toBe(true);
        expect(second.result.data).toEqual(first.result.data);
        before.set(JSON.stringify(read), first.result.data);
      }
    }

    const writer = await tokenFor('writer', { subgraph: 'procedures' });
    const written = await receiveDossier(a, writer, {
      procedureCode,
      unitCode: changed!,
      channel: 'ONLINE',
    });
    expect(written.errors).toBeUndefined();
    expect(written.data!.receiveDossier.dossier.countedUnder.code).toBe(changed);
    if (redisUrl) {
      await vi.waitFor(() => expect(b.cache.counters.remoteInvalidations).toBe(1), {
        timeout: 5000,
      });
    }

    // With Redis both replicas drop the changed answers; in memory only the one that served the
    // write does (the other keeps them until their TTL, which is why replicas need Redis).
    for (const gateway of redisUrl ? [a, b] : [a]) {
      const commune = await served(gateway, () =>
        gateway.ask<Statistics>(statisticsOf, { code: changed }),
      );
      expect(commune.fromCache).toBe(false);
      const old = before.get(JSON.stringify(reads[0])) as Statistics;
      expect(commune.result.data!.unit.procedureStatistics.received).toBe(
        old.unit.procedureStatistics.received + 1,
      );
      const province = await served(gateway, () =>
        gateway.ask<Statistics>(statisticsOf, { code: '40' }),
      );
      expect(province.fromCache).toBe(false);
      // Untouched: another commune of the same province, another province, the units alone.
      for (const read of reads.slice(1, 4)) {
        const again = await served(gateway, () => gateway.ask(read.query, read.variables));
        expect(again.fromCache).toBe(true);
        expect(again.result.data).toEqual(before.get(JSON.stringify(read)));
      }
    }
  });

  it('never keeps or shares an answer with personal fields', async () => {
    const gateway = await startCachingGateway({});
    const writer = await tokenFor('writer', { subgraph: 'procedures' });
    const { id } = await receiveInFirstCommune(gateway, writer, 'IN_PERSON');
    const { stores, hits } = gateway.cache.counters;
    for (let round = 0; round < 2; round += 1) {
      const own = await gateway.ask<{ dossier: { id: string } }>(dossierQuery, { id }, writer);
      expect(own.data?.dossier.id).toBe(id);
    }
    // Another writer of the same ministry with the same scopes executes its own read.
    const colleague = await tokenFor('writer', { subgraph: 'procedures' });
    const theirs = await gateway.ask<{ dossier: { id: string } }>(dossierQuery, { id }, colleague);
    expect(theirs.data?.dossier.id).toBe(id);
    expect(gateway.cache.counters.stores).toBe(stores);
    expect(gateway.cache.counters.hits).toBe(hits);
    // Callers without the personal scope are refused, whatever was read before them.
    const anonymous = await gateway.ask(dossierQuery, { id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const researcher = await gateway.ask(dossierQuery, { id }, await tokenFor('researcher'));
    expect(researcher.data?.dossier ?? null).toBeNull();
    expect(researcher.errors?.length).toBeGreaterThan(0);
  });

  it('lets concurrent callers share an execution only when each could read the answer', async () => {
    // Without storage, so that every request below runs or joins an execution.
    const gateway = await startCachingGateway({ enabled: false });
    const writer = await tokenFor('writer', { subgraph: 'procedures' });
    const { id, commune } = await receiveInFirstCommune(gateway, writer, 'POSTAL');
    const ngheAnWriter = await tokenFor('writer', { subgraph: 'procedures', province: '40' });
    const haNoiWriter = await tokenFor('writer', { subgraph: 'procedures', province: '01' });

    // The same public read by many anonymous callers at once runs once or a few times.
    const deduplicated = gateway.cache.counters.deduplicatedOperations;
    const publicAnswers = await Promise.all(
      Array.from({ length: 20 }, () => gateway.ask(statisticsOf, { code: commune })),
    );
    expect(gateway.cache.counters.deduplicatedOperations).toBeGreaterThan(deduplicated);
    for (const answer of publicAnswers) expect(answer.data).toEqual(publicAnswers[0]!.data);

    // The same personal read by callers of different scopes and provinces, all at once: each
    // gets what it may read, never another's answer.
    const calls = Array.from({ length: 10 }, (_, index) => {
      const caller = [ngheAnWriter, haNoiWriter, undefined][index % 3];
      return gateway
        .ask<{ dossier: { id: string } | null }>(dossierQuery, { id }, caller)
        .then((answer) => ({ caller, answer }));
    });
    for (const { caller, answer } of await Promise.all(calls)) {
      if (caller === ngheAnWriter) {
        expect(answer.data?.dossier?.id).toBe(id);
      } else if (caller === haNoiWriter) {
        expect(answer.data?.dossier ?? null).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      } else {
        expect(answer.data?.dossier ?? null).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it("reports its counters at the gateway's /metrics: a repeated public query misses, then hits", async () => {
    const gateway = await startCachingGateway({ channel: `test:${randomUUID()}` }, new Registry());
    const metricsUrl = gateway.service.url.replace(/\/graphql$/, '/metrics');
    /** One scrape: the value of each unlabelled sample, and of each `kind` of deduplication. */
    const scrape = async () => {
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      const text = await response.text();
      return (name: string) => {
        const line = text.split('\n').find((sample) => sample.startsWith(`${name} `));
        if (!line) throw new Error(`${name} is not in the scrape`);
        return Number(line.slice(name.length + 1));
      };
    };
    const before = await scrape();
    expect(before('gateway_response_cache_hits_total')).toBe(0);
    expect(before('gateway_response_cache_misses_total')).toBe(0);
    expect(before('gateway_response_cache_entries')).toBe(0);

    const first = await gateway.ask(provinces);
    expect(first.errors).toBeUndefined();
    const afterFirst = await scrape();
    expect(afterFirst('gateway_response_cache_misses_total')).toBe(1);
    expect(afterFirst('gateway_response_cache_hits_total')).toBe(0);
    expect(afterFirst('gateway_response_cache_stores_total')).toBe(1);
    expect(afterFirst('gateway_response_cache_entries')).toBe(1);
    const bytes = afterFirst('gateway_response_cache_bytes');
    expect(bytes).toBeGreaterThan(JSON.stringify(first.data).length);

    const second = await gateway.ask(provinces);
    expect(second.data).toEqual(first.data);
    const afterSecond = await scrape();
    expect(afterSecond('gateway_response_cache_hits_total')).toBe(1);
    expect(afterSecond('gateway_response_cache_misses_total')).toBe(1);
    expect(afterSecond('gateway_response_cache_stores_total')).toBe(1);
    expect(afterSecond('gateway_response_cache_entries')).toBe(1);
    expect(afterSecond('gateway_response_cache_bytes')).toBe(bytes);
    // The series are the cache's own counters, read at the scrape.
    expect(afterSecond('gateway_response_cache_hits_total')).toBe(gateway.cache.counters.hits);
  });
});
