import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkInputValues, stringProblem } from './checkInputValues.ts';

const schema = buildSchema(`
  scalar Date
  enum Level { PROVINCE COMMUNE }
  input Filter { from: Date, search: String, level: [Level!], codes: [ID!] }
  type Query {
    units(search: String, asOf: Date, code: ID, filter: Filter, level: Level): Int
    _entities(representations: [String!]!): [Int]
  }
`);

const check = (query: string, variables?: Record<string, unknown>) =>
  checkInputValues(parse(query), schema, variables, {
    maxIdLength: 10,
    maxStringLength: 20,
    maxListLength: 3,
  });

describe('checkInputValues', () => {
  it('lets well-formed values through, literal or variable', () => {
    expect(check('{ units(search: "Nghệ An", asOf: "2025-07-01", code: "40") }')).toBeUndefined();
    expect(
      check('query($f: Filter) { units(filter: $f) }', {
        f: { from: '1900-01-01', search: 'Nghe\u0323\u0302 🇻🇳', codes: ['01'] },
      }),
    ).toBeUndefined();
    expect(check('{ units(asOf: "2100-12-31", filter: null) }')).toBeUndefined();
  });

  it.each([
    ['2025-02-30'],
    ['1899-12-31'],
    ['2101-01-01'],
    ['9999-12-31'],
    ['2025-01-01T00:00:00Z'],
    [20250101],
    [''],
  ])('refuses the Date %j naming the argument', (value) => {
    const error = check('query($d: Date) { units(asOf: $d) }', { d: value });
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'asOf',
      field: 'asOf',
      variableName: 'd',
      http: { status: 400 },
    });
    expect(error?.message).toContain('from 1900-01-01 to 2100-12-31');
  });

  it("checks each request's own values when one parsed document is asked again", () => {
    // Apollo Server hands the same DocumentNode to every request with the same query text.
    const document = parse('query($d: Date, $s: String) { units(asOf: $d, search: $s) }');
    const limits = { maxIdLength: 10, maxStringLength: 20, maxListLength: 3 };
    expect(checkInputValues(document, schema, { d: '2025-07-01' }, limits)).toBeUndefined();
    expect(
      checkInputValues(document, schema, { d: '2025-07-01', s: 'x'.repeat(21) }, limits)
        ?.extensions,
    ).toMatchObject({ argumentName: 'search', variableName: 's' });
    expect(
      checkInputValues(document, schema, { d: '2025-02-30' }, limits)?.extensions,
    ).toMatchObject({ argumentName: 'asOf' });
    expect(checkInputValues(document, schema, {}, limits)).toBeUndefined();
    // Another schema's types: the same document is read again against it.
    const other = buildSchema('type Query { units(asOf: String, search: String): Int }');
    expect(checkInputValues(document, other, { d: '2025-02-30' }, limits)).toBeUndefined();
  });

  it('names the position inside an input object and a list, never the value', () => {
    const error = check('{ units(filter: { codes: ["01", "001099012345"] }) }');
    expect(error?.extensions).toMatchObject({ argumentName: 'filter', field: 'filter.codes[1]' });
    expect(error?.message).not.toContain('001099012345');
    expect(check('{ units(filter: { from: "2025-13-01" }) }')?.extensions?.field).toBe(
      'filter.from',
    );
  });

  it('refuses NUL characters, lone surrogates and strings over their limit', () => {
    expect(check('query($s: String) { units(search: $s) }', { s: 'a\u0000b' })).toBeDefined();
    expect(check('query($s: String) { units(search: $s) }', { s: '\ud800' })).toBeDefined();
    expect(check('query($s: String) { units(search: $s) }', { s: 'x\udc00' })).toBeDefined();
    expect(check('query($s: String) { units(search: $s) }', { s: 'a'.repeat(21) })).toBeDefined();
    expect(check('{ units(code: "12345678901") }')?.message).toContain('longer than 10');
    expect(check('query($l: Level) { units(level: $l) }', { l: 'PROVINCE\u0000' })).toBeDefined();
  });

  it("leaves a subgraph's batch of entity references to the gateway that built it", () => {
    const query = 'query($r: [String!]!) { _entities(representations: $r) }';
    expect(check(query, { r: ['1', '2', '3', '4'] })).toBeUndefined();
  });

  it('refuses a list over its limit', () => {
    const query = 'query($f: Filter) { units(filter: $f) }';
    expect(check(query, { f: { codes: ['1', '2', '3'] } })).toBeUndefined();
    expect(check(query, { f: { codes: ['1', '2', '3', '4'] } })?.extensions?.field).toBe(
      'filter.codes',
    );
  });

  it('tells why a string may not be stored', () => {
    expect(stringProblem('Hà Nội', 10)).toBeUndefined();
    expect(stringProblem('😀', 10)).toBeUndefined();
    expect(stringProblem('abc', 2)).toBe('is longer than 2 characters');
    expect(stringProblem('\u0000', 2)).toContain('NUL');
    expect(stringProblem('\ud83d', 2)).toContain('surrogate');
  });
});
