import express from 'express';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from './securityConfigFromEnv.ts';
import {
  fixtureSupergraph,
  identityOf,
  refusalOf,
  sendThrough,
  stateOf,
} from './testing/securityPluginHarness.ts';
import { exceedsTokenLimit, useOperationLimits } from './useOperationLimits.ts';

const limits = {
  ...defaultLimits,
  anonymous: { maxDepth: 2, maxAliases: 1, maxRootFields: 2, maxCost: 1_000 },
};
const operationLimits = useOperationLimits({
  maxTokens: 10,
  limits,
  defaultListSize: 10,
  supergraph: () => fixtureSupergraph,
});
const anonymous = stateOf(identityOf('anonymous'));

describe('exceedsTokenLimit', () => {
  it("counts tokens with graphql-js's parser, comments aside", () => {
    // `{`, `units`, `{`, `code`, `}`, `}`: six tokens.
    expect(exceedsTokenLimit('{ units { code } }', 6)).toBe(false);
    expect(exceedsTokenLimit('{ units { code } }', 5)).toBe(true);
    expect(exceedsTokenLimit('# a comment\n{ units { code } }', 6)).toBe(false);
  });

  it("leaves a document that does not parse to Apollo Server's parse error", () => {
    expect(exceedsTokenLimit('{ units { code ', 100)).toBe(false);
    expect(exceedsTokenLimit('} { a b c d e f g h }', 3)).toBe(false);
  });
});

describe('useOperationLimits on the request', () => {
  it('refuses a document over maxTokens, in a POST body or a GET parameter', async () => {
    const long = `{ units { ${'code '.repeat(10)}} }`;
    const post = await sendThrough(
      operationLimits,
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: long }) },
      [express.json()],
    );
    expect(post.status).toBe(400);
    expect(post.body.errors?.[0]?.extensions?.code).toBe('TOKEN_LIMIT_EXCEEDED');
    const get = await sendThrough(operationLimits, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(long)}`,
    });
    expect(get.status).toBe(400);
    expect(get.body.errors?.[0]).toMatchObject({
      message: 'The document has more than 10 tokens.',
      extensions: { code: 'TOKEN_LIMIT_EXCEEDED' },
    });
    const short = await sendThrough(operationLimits, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ units { code } }')}`,
    });
    expect(short.status).toBe(200);
  });
});

describe('useOperationLimits on the operation', () => {
  const refusal = (query: string, security = anonymous) =>
    refusalOf(operationLimits, query, { security });

  it("refuses an operation over its role's depth, aliases, root fields or cost", async () => {
    expect(await refusal('{ units(first: 1) { children(first: 1) { code } } }')).toBe(
      'DEPTH_LIMIT_EXCEEDED',
    );
    expect(await refusal('{ unit(code: "40") { a: code b: name } }')).toBe('ALIAS_LIMIT_EXCEEDED');
    expect(
      await refusal('{ a: unit(code: "1") { code } unit(code: "2") { code } units { code } }'),
    ).toBe('ROOT_FIELD_LIMIT_EXCEEDED');
    expect(await refusal('{ units(first: 5000) { code } }')).toBe('COST_LIMIT_EXCEEDED');
    expect(await refusal('{ units(first: 5) { code } }')).toBeUndefined();
  });

  it('gives each role its own budget', async () => {
    const researcher = stateOf(identityOf('researcher'));
    expect(await refusal('{ units(first: 5000) { code } }', researcher)).toBeUndefined();
  });

  it('fails closed without a prepared supergraph', async () => {
    const unprepared = useOperationLimits({
      maxTokens: 10,
      limits,
      defaultListSize: 10,
      supergraph: () => undefined,
    });
    expect(await refusalOf(unprepared, '{ units { code } }', { security: anonymous })).toBe(
      'INTERNAL_SERVER_ERROR',
    );
  });
});
