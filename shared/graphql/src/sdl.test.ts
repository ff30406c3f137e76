import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSchema, isObjectType, parse, print } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectionTypeDefs,
  featureTypeDefs,
  pageArguments,
  readSdlFragments,
  spliceSdlFragments,
} from './sdl.ts';

const folder = mkdtempSync(join(tmpdir(), 'sdl-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A file in the test's folder, by URL. */
function file(name: string, text: string): URL {
  const path = join(folder, name);
  writeFileSync(path, text);
  return pathToFileURL(path);
}

describe('readSdlFragments', () => {
  it('gives each type of a fragments file as its field lines, descriptions and spreads included', () => {
    const fragments = readSdlFragments(
      file(
        'names.graphql',
        `# Not a type of the schema.
type Names {
    "Vietnamese name."
    name: String!
    # ...Codes
}

input Codes {
  "The code."
  code: ID! @tag(name: "public")
}
`,
      ),
    );
    expect(fragments).toEqual({
      Names: '"Vietnamese name."\nname: String!\n# ...Codes',
      Codes: '"The code."\ncode: ID! @tag(name: "public")',
    });
  });

  it('refuses anything but types', () => {
    expect(() => readSdlFragments(file('enum.graphql', 'enum Kind { A }'))).toThrow(
      'a fragments file holds only types',
    );
  });
});

describe('spliceSdlFragments', () => {
  const fragments = { Names: '"Name."\nname: String!\n# ...Codes', Codes: 'code: ID!' };

  it('puts each spread fragment in place of its line, at its indentation, spreads in it too', () => {
    expect(spliceSdlFragments('type A {\n  id: ID!\n  # ...Names\n}\n', fragments)).toBe(
      'type A {\n  id: ID!\n  "Name."\n  name: String!\n  code: ID!\n}\n',
    );
  });

  it('leaves other comments alone and refuses an unknown or self-spreading fragment', () => {
    expect(spliceSdlFragments('# ... a remark\n', fragments)).toBe('# ... a remark\n');
    expect(() => spliceSdlFragments('  # ...Missing\n', fragments)).toThrow(
      'No SDL fragment named Missing.',
    );
    expect(() => spliceSdlFragments('# ...Loop\n', { Loop: '# ...Loop' })).toThrow(
      'SDL fragment Loop spreads itself.',
    );
  });
});

describe('pageArguments and connectionTypeDefs', () => {
  it('describe the paging arguments with the page maximum', () => {
    expect(pageArguments('agency')).toBe(
      '"Page size, at most 5000."\nfirst: Int = 100\n"Cursor of the last agency of the previous page."\nafter: String',
    );
    expect(pageArguments('correction', 500)).toContain('"Page size, at most 500."');
  });

  it('make the connection and edge types in the usual words, but for the descriptions given', () => {
    const sdl = connectionTypeDefs({
      node: 'Procedure',
      item: 'procedure',
      maxAge: 3600,
      fieldDescriptions: { pageInfo: 'Where this page sits among all of them.' },
    });
    expect(print(parse(sdl))).toBe(
      print(
        parse(`
"A page of procedures (Relay cursor connection)."
type ProcedureConnection @cacheControl(maxAge: 3600) {
  "The procedures of this page with their cursors."
  edges: [ProcedureEdge!]!
  "The procedures of this page."
  nodes: [Procedure!]!
  "Where this page sits among all of them."
  pageInfo: PageInfo!
  "Number of procedures matching the filter, over all pages."
  totalCount: Int!
}
"A procedure with its cursor."
type ProcedureEdge @cacheControl(maxAge: 3600) {
  "Opaque cursor; pass it as \`after\` to continue after this procedure."
  cursor: String!
  "The procedure."
  node: Procedure!
}`),
      ),
    );
  });
});

describe('featureTypeDefs', () => {
  it('builds a feature from its file, the fragments of fields.graphql beside it, its paging arguments and connections', () => {
    file('fields.graphql', 'type Coded {\n  "The code."\n  code: ID!\n}\n');
    const typeDefs = featureTypeDefs(
      file(
        'feature.graphql',
        `type Item @cacheControl(maxAge: 60) @relayConnection(item: "entry", pageInfoDescription: "Where.") {
  # ...Coded
}
type Query {
  items(
    "Only these."
    codes: [ID!]
    # ...PageArguments(item: "item", maximum: "50")
  ): ItemConnection!
}
`,
      ),
    );
    const schema = buildSchema(
      `directive @cacheControl(maxAge: Int) on OBJECT
type PageInfo { hasNextPage: Boolean! }
${print(typeDefs)}`,
    );
    const items = schema.getQueryType()?.getFields().items;
    expect(items?.args.map((arg) => [arg.name, arg.description])).toEqual([
      ['codes', 'Only these.'],
      ['first', 'Page size, at most 50.'],
      ['after', 'Cursor of the last item of the previous page.'],
    ]);
    expect(String(items?.type)).toBe('ItemConnection!');
    expect(schema.getType('ItemConnection')?.description).toBe(
      'A page of entries (Relay cursor connection).',
    );
    expect(schema.getType('ItemEdge')?.description).toBe('An entry with its cursor.');
    expect(print(typeDefs)).toContain('type Item @cacheControl(maxAge: 60) {');
    expect(print(typeDefs)).toContain('type ItemEdge @cacheControl(maxAge: 60) {');
    const connection = schema.getType('ItemConnection');
    expect(isObjectType(connection) && connection.getFields().pageInfo?.description).toBe('Where.');
    expect(schema.getType('Coded')).toBeUndefined();
  });

  it('refuses a connection without its item, or a spread of the paging arguments without it', () => {
    expect(() =>
      featureTypeDefs(file('noItem.graphql', 'type A @relayConnection { id: ID! }')),
    ).toThrow('A: @relayConnection needs its item');
    expect(() =>
      featureTypeDefs(
        file(
          'noPageItem.graphql',
          'type Query {\n  a(\n    b: Int\n    # ...PageArguments\n  ): Int\n}\n',
        ),
      ),
    ).toThrow('# ...PageArguments needs its item');
  });
});
