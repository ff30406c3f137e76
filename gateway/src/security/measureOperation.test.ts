import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from './measureOperation.ts';

const schema = buildSchema(`
  interface Named { name: String! }
  type Unit implements Named { code: ID! name: String! children(first: Int): [Unit!]! staff: [Person!]! }
  type Person implements Named { name: String! }
  type Query { units(first: Int, last: Int): [Unit!]! unit(code: ID!): Unit named: [Named!]! }
  type Mutation { rename(code: ID!): Unit }
`);
const measure = (query: string, variables?: Record<string, unknown>) =>
  measureOperation({
    schema,
    document: parse(query),
    variables,
    listSizes: new Map([['Unit.staff', { assumedSize: 30, slicingArguments: [] }]]),
    costs: new Map([['Unit.name', 2]]),
  });

describe('measureOperation', () => {
  it('multiplies nested list sizes from first/last, variables, @listSize and the default', () => {
    expect(measure('{ units(first: 5) { code } }').cost).toBe(5 * (1 + 1));
    expect(measure('query($n: Int) { units(last: $n) { code } }', { n: 7 }).cost).toBe(7 * 2);
    expect(measure('{ units { code } }').cost).toBe(10 * 2);
    expect(measure('{ unit(code: "1") { staff { name } } }').cost).toBe(1 + 30 * 2);
    expect(measure('{ units(first: 100) { children(first: 100) { name } } }').cost).toBe(
      100 * (1 + 100 * (1 + 2)),
    );
  });

  it('sizes the edges and nodes of a connection by its slicing argument', () => {
    const relay = buildSchema(`
      type Unit { code: ID! name: String! }
      type UnitEdge { cursor: String! node: Unit! }
      type UnitConnection { edges: [UnitEdge!]! nodes: [Unit!]! totalCount: Int! }
      type Query { units(first: Int = 100, after: String): UnitConnection! }
    `);
    const cost = (query: string) =>
      measureOperation({ schema: relay, document: parse(query) }).cost;
    // root 1 + 5,000 nodes × (node 1 + code 1 + name 1) + totalCount 1
    expect(cost('{ units(first: 5000) { totalCount nodes { code name } } }')).toBe(
      1 + 5000 * 3 + 1,
    );
    expect(cost('{ units { edges { node { code } } } }')).toBe(1 + 100 * (1 + 1 + 1));
    expect(cost('{ units(first: 50) { ... on UnitConnection { nodes { code } } } }')).toBe(
      1 + 50 * 2,
    );
  });

  it('counts depth, aliases and root fields through fragments', () => {
    const result = measure(`
      query { a: unit(code: "1") { ...F } b: unit(code: "2") { code } units { code } }
      fragment F on Unit { children { x: code y: code children { code } } }
    `);
    expect(result).toMatchObject({ depth: 4, aliases: 4, rootFields: 3, truncated: false });
  });

  it('weighs a write more than a read', () => {
    expect(measure('mutation { rename(code: "1") { code } }').cost).toBe(11);
  });

  it('ignores introspection and stops on exponential fragment spreads', () => {
    expect(measure('{ __schema { types { name } } }')).toMatchObject({ cost: 0, depth: 0 });
    const levels = Array.from(
      { length: 20 },
      (_, index) => `fragment L${index} on Unit { children { ...L${index + 1} ...L${index + 1} } }`,
    );
    const bomb = `{ unit(code: "1") { ...L0 } } ${levels.join(' ')} fragment L20 on Unit { code }`;
    expect(measure(bomb).truncated).toBe(true);
  });
});
