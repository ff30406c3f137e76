import { createLogger } from '@home-affairs/service';
import { captureLines, createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayMigrationsFolder } from '../security/createSecurity.ts';
import { securityTables } from '../security/db/schema.ts';
import { type DemoSubgraphs, startDemoSubgraphs } from '../testing/startDemoSubgraphs.ts';
import { type SecuredGateway, startSecuredGateway } from '../testing/startSecuredGateway.ts';
import { type BadInputCase, badInputCases, personalSentinels } from './badInputCases.ts';

// Every way a hostile or careless client can send something wrong, against the real gateway (with
// its security layer, as `pnpm start` runs it, introspection for authenticated callers only) over
// the four real subgraphs: each case must get the status and the coded error it names, with
// nothing internal in the body, no error-level log line from the gateway or any subgraph, and
// every process still answering.

let graph: DemoSubgraphs;
let gateway: SecuredGateway;
let database: TestDatabase<typeof securityTables>;
const log = captureLines();
const tokens: Record<'researcher' | 'admin', string> = { researcher: '', admin: '' };

beforeAll(async () => {
  graph = await startDemoSubgraphs({
    demoDossiers: 2_000,
    loggerOf: (name) => createLogger(name, 'warn', log.stream),
  });
  database = await createTestDatabase({
    name: 'gateway',
    schema: securityTables,
    migrationsFolder: gatewayMigrationsFolder,
  });
  gateway = await startSecuredGateway({
    subgraphUrls: graph.urls,
    trustedDocuments: [
      {
        clients: ['dashboard'],
        path: new URL('../../../dashboard/persisted-documents.json', import.meta.url).pathname,
      },
    ],
    database,
    introspection: 'authenticated',
    logger: createLogger('gateway', 'warn', log.stream),
  });
  tokens.researcher = await gateway.researcherToken();
  tokens.admin = await gateway.adminToken();
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await database?.dispose();
  await graph?.dispose();
});

/** Sends one case as it is written, returning the status, the headers and the raw body. */
async function send(testCase: BadInputCase) {
  const origin = new URL(gateway.url).origin;
  const request = testCase.request;
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${tokens[request.token]}`;
  const response = await fetch(`${origin}${request.path ?? '/graphql'}`, {
    method: request.method ?? 'POST',
    headers,
    body: request.body,
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** What no answer may carry: a stack frame, a file path, SQL or a driver's words. */
const leaks: [string, RegExp][] = [
  ['a stack trace', /\n\s+at |\bat [\w$.<>]+ \(|stacktrace/i],
  ['a file path', /\/(work|home|tmp|usr|var|opt)\/|node_modules|file:\/\/|\.[cm]?[tj]s:\d+/],
  [
    'SQL or a driver message',
    /\bselect\b[^"]*\bfrom\b|\binsert into\b|\bupdate \w+ set\b|syntax error at or near|relation "|violates .* constraint|\bpostgres|pglite|drizzle|invalid byte sequence/i,
  ],
  ['a subgraph URL', /127\.0\.0\.1|localhost|\[::1\]/],
  ['a raw HTTP response', /"response"\s*:|"body"\s*:|statusText/],
];

async function everyProcessAnswers(): Promise<void> {
  const urls = [gateway.url, ...Object.values(graph.urls)];
  const answers = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(new URL('/health', url), {
        signal: AbortSignal.timeout(2_000),
      }).catch(() => undefined);
      return [new URL(url).port, response?.status] as const;
    }),
  );
  for (const [port, status] of answers) expect(status, `health of :${port}`).toBe(200);
}

describe('the bad-input suite', () => {
  it('has at least 150 cases over every category of the issue', () => {
    expect(badInputCases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(badInputCases.map((testCase) => testCase.category)).size).toBe(22);
  });

  describe.each([
    ...new Set(badInputCases.map((testCase) => testCase.category)),
  ])('%s', (category) => {
    it.each(
      badInputCases.filter((testCase) => testCase.category === category),
    )('$name', async (testCase) => {
      const linesBefore = log.lines.length;
      const answer = await send(testCase);
      expect(answer.status, answer.text.slice(0, 500)).toBe(testCase.status);
      expect(answer.contentType, answer.text.slice(0, 200)).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: unknown } }[];
      };
      const codes = (body.errors ?? []).map((error) => error.extensions?.code);
      if (testCase.code === null) {
        expect(body.errors, answer.text.slice(0, 500)).toBeUndefined();
      } else {
        expect(codes, answer.text.slice(0, 500)).toContain(testCase.code);
        for (const error of body.errors ?? []) expect(typeof error.message).toBe('string');
      }
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      for (const [what, pattern] of leaks) {
        expect(answer.text, `the body holds ${what}`).not.toMatch(pattern);
      }
      for (const sentinel of personalSentinels) expect(answer.text).not.toContain(sentinel);
      for (const absent of testCase.absent ?? []) expect(answer.text).not.toContain(absent);
      const errorLines = log.lines
        .slice(linesBefore)
        .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
      expect(errorLines, 'error-level log lines').toEqual([]);
      await everyProcessAnswers();
    });
  });
});
