import { existsSync, readFileSync } from 'node:fs';
import { type ConstDirectiveNode, concatAST, type DocumentNode, Kind, parse, visit } from 'graphql';
import { defaultPageSize, maxPageSize } from './connection.ts';

/** SDL lines a feature's `.graphql` file takes in where a line `# ...Name` stands, by name. */
export type SdlFragments = Record<string, string>;

/** A line `# ...Name`, or `# ...Name(item: "agency")` for a fragment that takes arguments. */
const spread = /^([ \t]*)# \.\.\.(\w+)(?:\(([^)]*)\))?[ \t]*$/gm;

/** The arguments of a spread (`item: "agency", maximum: "500"`), by name. */
function spreadArguments(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    [...(text ?? '').matchAll(/(\w+): "([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
}

/** Fragments every feature may spread, made from the spread's arguments. */
const builtInFragments: Record<string, (args: Record<string, string>) => string> = {
  PageArguments: ({ item, maximum }) => {
    if (!item || (maximum !== undefined && !/^[1-9]\d*$/.test(maximum))) {
      throw new Error(
        '# ...PageArguments needs its item, and a whole maximum if any: # ...PageArguments(item: "agency", maximum: "500")',
      );
    }
    return pageArguments(item, maximum === undefined ? undefined : Number(maximum));
  },
};

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
 * a fragment may spread others. `# ...PageArguments(item: "agency")` stands for the paging
 * arguments of a list (pageArguments).
 */
export function spliceSdlFragments(
  source: string,
  fragments: SdlFragments,
  within: string[] = [],
): string {
  return source.replace(spread, (_line, indent: string, name: string, args?: string) => {
    const builtIn = builtInFragments[name];
    const fragment = builtIn ? builtIn(spreadArguments(args)) : fragments[name];
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
    `first: Int = ${defaultPageSize}`,
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
  /**
   * Several items in words.
   * @default item + `s` (`ies` for a final `y` after a consonant)
   */
  items?: string;
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
  /** How long both types may be cached, in seconds (`@cacheControl(maxAge:)`); none when absent. */
  maxAge?: number;
  /** A field whose description differs from the usual wording, by field name. */
  fieldDescriptions?: Partial<Record<ConnectionField, string>>;
}

/** The fields of a connection and of its edge. */
const connectionFields = ['edges', 'nodes', 'pageInfo', 'totalCount', 'cursor', 'node'] as const;
type ConnectionField = (typeof connectionFields)[number];

/**
 * The SDL of a Relay connection and its edge (`XConnection`, `XEdge`), written once for every
 * list of the subgraphs as a code-first Relay builder would make it.
 */
export function connectionTypeDefs(options: ConnectionOptions): string {
  const { node, item } = options;
  const items = options.items ?? item.replace(/([^aeiou])y$/, '$1ie').concat('s');
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
  const cache = options.maxAge === undefined ? '' : ` @cacheControl(maxAge: ${options.maxAge})`;
  const text = (value: string) => JSON.stringify(value);
  return `
${text(description)}
type ${node}Connection${cache} {
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
type ${node}Edge${cache} {
  ${text(said.cursor)}
  cursor: String!
  ${text(said.node)}
  node: ${node}!
}
`;
}

/** The string arguments of a directive, by name. */
function stringArguments(directive: ConstDirectiveNode): Record<string, string> {
  const args: Record<string, string> = {};
  for (const argument of directive.arguments ?? []) {
    if (argument.value.kind !== Kind.STRING) {
      throw new Error(`@${directive.name.value}(${argument.name.value}:) takes a string.`);
    }
    args[argument.name.value] = argument.value.value;
  }
  return args;
}

/** The connection a type's `@relayConnection(item: ...)` asks for; its max age is the type's. */
function connectionOf(
  node: string,
  directive: ConstDirectiveNode,
  directives: readonly ConstDirectiveNode[],
): ConnectionOptions {
  const { item, items, description, edgeDescription, ...rest } = stringArguments(directive);
  if (!item) throw new Error(`${node}: @relayConnection needs its item, e.g. (item: "agency").`);
  const fieldDescriptions: ConnectionOptions['fieldDescriptions'] = {};
  for (const [name, text] of Object.entries(rest)) {
    const field = connectionFields.find((field) => `${field}Description` === name);
    if (!field) throw new Error(`${node}: @relayConnection has no argument ${name}.`);
    fieldDescriptions[field] = text;
  }
  const maxAge = directives
    .find((other) => other.name.value === 'cacheControl')
    ?.arguments?.find((argument) => argument.name.value === 'maxAge')?.value;
  return {
    node,
    item,
    items,
    description,
    edgeDescription,
    fieldDescriptions,
    maxAge: maxAge?.kind === Kind.INT ? Number(maxAge.value) : undefined,
  };
}

/**
 * `document` without its `@relayConnection` directives (they are not part of the schema), and the
 * connection and edge types they ask for.
 */
function withRelayConnections(document: DocumentNode): DocumentNode {
  const connections: string[] = [];
  const stripped = visit(document, {
    enter(node) {
      if (
        node.kind !== Kind.OBJECT_TYPE_DEFINITION &&
        node.kind !== Kind.INTERFACE_TYPE_DEFINITION
      ) {
        return undefined;
      }
      const directives = node.directives ?? [];
      const asked = directives.find((directive) => directive.name.value === 'relayConnection');
      if (!asked) return undefined;
      connections.push(connectionTypeDefs(connectionOf(node.name.value, asked, directives)));
      return { ...node, directives: directives.filter((directive) => directive !== asked) };
    },
  });
  return connections.length ? concatAST([stripped, parse(connections.join('\n'))]) : stripped;
}

/**
 * A feature module's type definitions: its `.graphql` file with the fragments it spreads spliced
 * in (those of `fields.graphql` beside it, and `# ...PageArguments(item: "...")`), and the Relay
 * connection and edge of each type marked `@relayConnection(item: "...")`.
 */
export function featureTypeDefs(url: URL): DocumentNode {
  const fieldsFile = new URL('./fields.graphql', url);
  const fragments = existsSync(fieldsFile) ? readSdlFragments(fieldsFile) : {};
  return withRelayConnections(parse(spliceSdlFragments(readFileSync(url, 'utf8'), fragments)));
}
