import { existsSync, readFileSync } from 'node:fs';
import { type DocumentNode, Kind, parse } from 'graphql';
import { maxPageSize } from './connection.ts';

/**
 * SDL lines a feature's `.graphql` file takes in where a line `# ...Name` stands, by name: a field
 * set several types share, or the paging arguments of a list.
 */
export type SdlFragments = Record<string, string>;

const spread = /^([ \t]*)# \.\.\.(\w+)[ \t]*$/gm;

/** `text` with the common indentation of its lines taken off and `indent` put before each. */
function reindent(text: string, indent: string): string {
  const lines = text.split('\n');
  const margin = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length),
  );
  return lines.map((line) => (line.trim() ? indent + line.slice(margin) : '')).join('\n');
}

/**
 * The field sets of a fragments file: each type in it (`type OrganizationParticulars { ... }`) is
 * not part of the schema but a named list of fields, its descriptions and directives included.
 */
export function readSdlFragments(url: URL): SdlFragments {
  const source = readFileSync(url, 'utf8');
  const fragments: SdlFragments = {};
  for (const definition of parse(source).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
    ) {
      throw new Error(`${url.pathname}: a fragments file holds only types, each a field set.`);
    }
    if (!definition.loc || !definition.fields?.length) {
      throw new Error(`${url.pathname}: ${definition.name.value} is empty.`);
    }
    // The body between the braces, spreads of other fragments (comment lines) included.
    const body = source.slice(
      source.indexOf('{', definition.name.loc?.end) + 1,
      definition.loc.end - 1,
    );
    fragments[definition.name.value] = reindent(body.replace(/^\s*\n|\n\s*$/g, ''), '');
  }
  return fragments;
}

/**
 * `source` with each line `# ...Name` replaced by the fragment `Name`, at that line's indentation;
 * a fragment may spread others.
 */
export function spliceSdlFragments(
  source: string,
  fragments: SdlFragments,
  within: string[] = [],
): string {
  return source.replace(spread, (_line, indent: string, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined) throw new Error(`No SDL fragment named ${name}.`);
    if (within.includes(name)) throw new Error(`SDL fragment ${name} spreads itself.`);
    return reindent(spliceSdlFragments(fragment, fragments, [...within, name]), indent);
  });
}

/**
 * The Relay paging arguments of a list of `items` (`first`, `after`), described alike on every
 * list; `first` is checked against the same maximum (checkPageSize).
 * @default maximum maxPageSize
 */
export function pageArguments(item: string, maximum = maxPageSize): string {
  return [
    `"Page size, at most ${maximum}."`,
    'first: Int = 100',
    `"Cursor of the last ${item} of the previous page."`,
    'after: String',
  ].join('\n');
}

/** What a Relay connection of one node type says about its items. */
export interface ConnectionOptions {
  /** The node type: `Organization` makes `OrganizationConnection` and `OrganizationEdge`. */
  node: string;
  /** One item in words, e.g. `organisation`. */
  item: string;
  /** Several items in words, e.g. `organisations`. */
  items: string;
  /**
   * The connection type's description.
   * @default `A page of <items> (Relay cursor connection).`
   */
  description?: string;
  /**
   * The edge type's description.
   * @default `A <item> with its cursor.` (`An` before a vowel)
   */
  edgeDescription?: string;
  /** How long both types may be cached, in seconds (`@cacheControl(maxAge:)`). */
  maxAge: number;
  /** A field whose description differs from the usual wording, by field name. */
  fieldDescriptions?: Partial<
    Record<'edges' | 'nodes' | 'pageInfo' | 'totalCount' | 'cursor' | 'node', string>
  >;
}

/**
 * The SDL of a Relay connection and its edge (`XConnection`, `XEdge`), written once for every
 * list of the subgraphs as a code-first Relay builder would make it.
 */
export function connectionTypeDefs(options: ConnectionOptions): string {
  const { node, item, items, maxAge } = options;
  const said = {
    edges: `The ${items} of this page with their cursors.`,
    nodes: `The ${items} of this page.`,
    pageInfo: 'Paging information.',
    totalCount: `Number of ${items} matching the filter, over all pages.`,
    cursor: `Opaque cursor; pass it as \`after\` to continue after this ${item}.`,
    node: `The ${item}.`,
    ...options.fieldDescriptions,
  };
  const description = options.description ?? `A page of ${items} (Relay cursor connection).`;
  const article = /^[aeiou]/i.test(item) ? 'An' : 'A';
  const edgeDescription = options.edgeDescription ?? `${article} ${item} with its cursor.`;
  const text = (value: string) => JSON.stringify(value);
  return `
${text(description)}
type ${node}Connection @cacheControl(maxAge: ${maxAge}) {
  ${text(said.edges)}
  edges: [${node}Edge!]!
  ${text(said.nodes)}
  nodes: [${node}!]!
  ${text(said.pageInfo)}
  pageInfo: PageInfo!
  ${text(said.totalCount)}
  totalCount: Int!
}

${text(edgeDescription)}
type ${node}Edge @cacheControl(maxAge: ${maxAge}) {
  ${text(said.cursor)}
  cursor: String!
  ${text(said.node)}
  node: ${node}!
}
`;
}

/** What a feature module adds to its `.graphql` file. */
export interface FeatureOptions {
  /** The item of its lists, for the arguments a line `# ...PageArguments` stands for. */
  pageArguments?: { item: string; maximum?: number };
  /** The Relay connections it uses, made by connectionTypeDefs. */
  connections?: ConnectionOptions[];
}

/**
 * A feature module's type definitions: its `.graphql` file with the fragments it spreads spliced
 * in (those of `fields.graphql` beside it, and `PageArguments`), then the connections it lists.
 * @default options {}
 */
export function featureTypeDefs(url: URL, options: FeatureOptions = {}): DocumentNode {
  const fieldsFile = new URL('./fields.graphql', url);
  const fragments = existsSync(fieldsFile) ? readSdlFragments(fieldsFile) : {};
  if (options.pageArguments) {
    const { item, maximum } = options.pageArguments;
    fragments.PageArguments = pageArguments(item, maximum);
  }
  const source = spliceSdlFragments(readFileSync(url, 'utf8'), fragments);
  const connections = (options.connections ?? []).map(connectionTypeDefs);
  return parse([source, ...connections].join('\n'));
}
