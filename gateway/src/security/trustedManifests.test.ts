import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anonymousIdentity, enforcePolicies } from '@home-affairs/identity';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf } from '../apiSchemaOf.ts';
import { loadTrustedDocuments } from './loadTrustedDocuments.ts';
import { measureOperation } from './measureOperation.ts';
import { prepareSupergraph } from './prepareSupergraph.ts';
import { defaultLimits, trustedManifestsFromEnv } from './securityConfigFromEnv.ts';

// The manifests the gateway loads by default (the dashboard's) hold documents that the checked-in
// supergraph accepts and that an anonymous caller may run within its budget: the dashboard works
// through the public contract without a token.
const supergraphSdl = readFileSync(
  fileURLToPath(new URL('../../supergraph.graphql', import.meta.url)),
  'utf8',
);
const schema = apiSchemaOf(supergraphSdl);
const prepared = prepareSupergraph(supergraphSdl);

describe.each(trustedManifestsFromEnv({}))('trusted documents of $clients', ({ path }) => {
  const documents = [...loadTrustedDocuments(path).values()];

  it('has documents', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(
    documents.map((document) => [document.name, document.body]),
  )('%s is valid and within the anonymous policies and limits', (_name, body) => {
    const document = parse(body);
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    expect(() =>
      enforcePolicies({
        schema,
        document,
        policies: prepared.policies,
        identity: anonymousIdentity,
      }),
    ).not.toThrow();
    const measure = measureOperation({
      schema,
      document,
      costs: prepared.costs,
      listSizes: prepared.listSizes,
    });
    const limits = defaultLimits.anonymous;
    expect(measure.truncated).toBe(false);
    expect(measure.cost).toBeLessThanOrEqual(limits.maxCost);
    expect(measure.depth).toBeLessThanOrEqual(limits.maxDepth);
    expect(measure.aliases).toBeLessThanOrEqual(limits.maxAliases);
    expect(measure.rootFields).toBeLessThanOrEqual(limits.maxRootFields);
  });
});
