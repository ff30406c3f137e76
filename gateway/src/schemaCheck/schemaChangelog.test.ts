import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { supergraphHash } from '../contracts/composeContract.ts';
import {
  associationsFixture,
  composeFixtureSupergraph,
  unitsFixture,
} from '../security/testing/fixtureSubgraphs.ts';
import { diffSupergraphs } from './diffSupergraphs.ts';
import { changelogHead, changelogIsFresh, nextChangelog } from './schemaChangelog.ts';

/** The fixture graph with the units subgraph's SDL edited by `edit`. */
function withUnits(edit: (sdl: string) => string): string {
  const typeDefs = parse(edit(print(unitsFixture.typeDefs)));
  return composeFixtureSupergraph([{ ...unitsFixture, typeDefs }, associationsFixture]);
}

const v1 = composeFixtureSupergraph();
const v2 = withUnits((sdl) =>
  sdl.replace('name: String!', 'name: String!\n  "Area in km²."\n  areaSquareKilometres: Float'),
);
const v3 = withUnits((sdl) => sdl.replace(/\n\s*population: Int[^\n]*/, ''));

describe('diffSupergraphs', () => {
  it('classifies a new nullable field as safe and names its subgraph', async () => {
    expect(await diffSupergraphs(v1, v2)).toEqual([
      expect.objectContaining({
        type: 'FIELD_ADDED',
        path: 'AdministrativeUnit.areaSquareKilometres',
        classification: 'safe',
        subgraphs: ['units'],
      }),
    ]);
  });

  it('classifies a removed field as breaking, named by the subgraph that had it', async () => {
    const changes = await diffSupergraphs(v1, v3);
    expect(changes).toContainEqual(
      expect.objectContaining({
        type: 'FIELD_REMOVED',
        path: 'AdministrativeUnit.population',
        classification: 'breaking',
        subgraphs: ['units'],
      }),
    );
  });

  it('sees policy changes the API schema does not show', async () => {
    const tightened = withUnits((sdl) =>
      sdl.replace(
        'unit(code: ID!): AdministrativeUnit @tag(name: "public")',
        'unit(code: ID!): AdministrativeUnit @requiresScopes(scopes: [["read:aggregate"]])',
      ),
    );
    const changes = await diffSupergraphs(v1, tightened);
    expect(changes).toEqual([
      expect.objectContaining({
        type: 'POLICY_CHANGED',
        path: 'Query.unit',
        message: "Policy of 'Query.unit' changed from public to scopes read:aggregate",
        classification: 'breaking',
        reason: 'anonymous callers can no longer read it',
        subgraphs: ['units'],
      }),
    ]);
    const loosened = await diffSupergraphs(tightened, v1);
    expect(loosened[0]).toMatchObject({
      classification: 'dangerous',
      reason: 'anonymous callers can now read it',
    });
  });
});

describe('the schema changelog', () => {
  const sources = (known: string[], today: string) => ({
    findSupergraph: (hash: string) => known.find((sdl) => supergraphHash(sdl) === hash),
    history: () => [{ date: '2025-07-01', supergraphSdl: v1 }],
    today,
  });

  it('starts from the committed history and records each later composition', async () => {
    const started = await nextChangelog(undefined, v2, sources([v1], '2025-08-01'));
    if (!started.ok) throw new Error(started.error);
    expect(changelogHead(started.text)).toBe(supergraphHash(v2));
    expect(started.text).toContain('## 2025-07-01 · supergraph');
    expect(started.text).toContain('First recorded supergraph, of associations, units.');
    expect(started.text).toContain(
      "| units | Field 'areaSquareKilometres' was added to object type 'AdministrativeUnit' | safe |",
    );

    const next = await nextChangelog(started.text, v3, sources([v1, v2], '2025-09-01'));
    if (!next.ok) throw new Error(next.error);
    expect(changelogIsFresh(next.text, v3)).toBe(true);
    expect(changelogIsFresh(next.text, v2)).toBe(false);
    // Newest first, and the earlier entries kept word for word.
    const september = next.text.indexOf('## 2025-09-01');
    expect(september).toBeGreaterThan(0);
    expect(september).toBeLessThan(next.text.indexOf('## 2025-08-01'));
    expect(next.text).toContain(started.text.slice(started.text.indexOf('## 2025-08-01')));
    expect(next.text).toContain(
      "| units | Field 'population' was removed from object type 'AdministrativeUnit' | breaking |",
    );
  });

  it('stays as it is when the supergraph did not change', async () => {
    const started = await nextChangelog(undefined, v2, sources([v1], '2025-08-01'));
    if (!started.ok) throw new Error(started.error);
    const again = await nextChangelog(started.text, v2, sources([v1, v2], '2025-10-01'));
    expect(again).toEqual({ ok: true, text: started.text });
  });

  it('says how to recover when the supergraph it ends at cannot be found', async () => {
    const started = await nextChangelog(undefined, v2, sources([v1], '2025-08-01'));
    if (!started.ok) throw new Error(started.error);
    const lost = await nextChangelog(started.text, v3, sources([], '2025-09-01'));
    expect(lost.ok).toBe(false);
    if (!lost.ok) expect(lost.error).toMatch(/take main's changelog, then compose/);
    expect(changelogIsFresh(undefined, v3)).toBe(false);
  });
});
