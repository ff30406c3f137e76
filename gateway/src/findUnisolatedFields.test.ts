import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from './composeSupergraph.ts';
import { findUnisolatedFields } from './findUnisolatedFields.ts';
import { type SubgraphDefinition, subgraphs } from './subgraphs.ts';

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';

function subgraph(name: string, port: number, sdl: string): SubgraphDefinition {
  return { name, url: `http://localhost:${port}/graphql`, typeDefs: parse(`${link}\n${sdl}`) };
}

/** The owner of `Place`: it lists places, as non-null list elements. */
const places = subgraph(
  'places',
  4901,
  `type Place @key(fields: "code") { code: ID! name: String! }
   type Query { places: [Place!]! }`,
);

function supergraphOf(...definitions: SubgraphDefinition[]): string {
  const composition = composeSupergraph(definitions);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  return composition.supergraphSdl;
}

describe('findUnisolatedFields', () => {
  it('finds a non-null field one subgraph adds to an entity another returns', () => {
    const events = subgraph(
      'events',
      4902,
      `type Place @key(fields: "code") { code: ID! eventCount: Int! events: [String!]! }`,
    );
    const found = findUnisolatedFields(supergraphOf(places, events));
    expect(found.map((field) => `${field.typeName}.${field.fieldName}`)).toEqual([
      'Place.eventCount',
      'Place.events',
    ]);
    expect(found[0]).toMatchObject({
      subgraphs: ['events'],
      referencingSubgraph: 'places',
      positions: [{ subgraph: 'places', coordinate: 'Query.places', type: '[Place!]!' }],
    });
    // The message names the subgraph, the type, the field and where the null would go.
    expect(found[0]?.message).toMatch(/^Place\.eventCount: Int! \(resolved by events\)/);
    expect(found[0]?.message).toContain('Query.places: [Place!]!');
    expect(found[0]?.message).toContain('docs/style.md');
  });

  it('accepts the same fields nullable, whatever their list elements', () => {
    const events = subgraph(
      'events',
      4902,
      `type Place @key(fields: "code") { code: ID! eventCount: Int events: [String!] }`,
    );
    expect(findUnisolatedFields(supergraphOf(places, events))).toEqual([]);
  });

  it("finds a non-null reference to another subgraph's entity, and accepts a nullable one", () => {
    const visits = (reference: string) =>
      subgraph(
        'visits',
        4903,
        `type Place @key(fields: "code", resolvable: false) { code: ID! }
         type Visit { id: ID! place: ${reference} }
         type Query { visits: [Visit!]! }`,
      );
    const found = findUnisolatedFields(supergraphOf(places, visits('Place!')));
    expect(found).toEqual([
      expect.objectContaining({
        typeName: 'Place',
        fieldName: 'name',
        subgraphs: ['places'],
        referencingSubgraph: 'visits',
        positions: [{ subgraph: 'visits', coordinate: 'Visit.place', type: 'Place!' }],
      }),
    ]);
    expect(findUnisolatedFields(supergraphOf(places, visits('Place')))).toEqual([]);
  });

  it('finds a non-null element of a list of references', () => {
    const tours = subgraph(
      'tours',
      4904,
      `type Place @key(fields: "code", resolvable: false) { code: ID! }
       type Tour { id: ID! stops: [Place!] }
       type Query { tours: [Tour!]! }`,
    );
    expect(findUnisolatedFields(supergraphOf(places, tours))).toMatchObject([
      { fieldName: 'name', positions: [{ coordinate: 'Tour.stops', type: '[Place!]' }] },
    ]);
  });

  it('passes the composed supergraph of this repository', () => {
    expect(findUnisolatedFields(supergraphOf(...subgraphs)).map((field) => field.message)).toEqual(
      [],
    );
  });
});
