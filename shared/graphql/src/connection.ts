import { GraphQLError, parse } from 'graphql';

/**
 * Largest page a list field returns unless it sets its own. Large enough for all 3,321
 * commune-level units in one page, small enough that one request cannot ask for a whole table.
 */
export const maxPageSize = 5000;

/** The page size of a list field when the caller gives no `first` (the SDL's default too). */
export const defaultPageSize = 100;

/**
 * The Relay `PageInfo` type as a feature module for buildSubgraphSchema, defined once for all
 * subgraphs (it is `@shareable`, so every subgraph must declare it alike). It takes the cache hint
 * of the connection it belongs to, so the subgraph must declare `@cacheControl` as the four do.
 */
export const pageInfoModule = {
  typeDefs: parse(`
"""
Relay page information.
"""
type PageInfo @shareable @cacheControl(inheritMaxAge: true) {
  "Whether more items follow this page."
  hasNextPage: Boolean!
  "Whether items precede this page."
  hasPreviousPage: Boolean!
  "Cursor of the first item of the page."
  startCursor: String
  "Cursor of the last item of the page; pass it as \`after\` for the next page."
  endCursor: String
}
`),
  resolvers: {},
};

/** A Relay connection page built from rows fetched with one extra row to detect a next page. */
export interface Connection<TNode> {
  edges: { cursor: string; node: TNode }[];
  nodes: TNode[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

/**
 * Checks `first` and throws a coded error when it is out of range.
 * @default maximum maxPageSize
 */
export function checkPageSize(first: number | null | undefined, maximum = maxPageSize): number {
  const size = first ?? defaultPageSize;
  if (!Number.isInteger(size) || size < 0 || size > maximum) {
    throw new GraphQLError(`first must be between 0 and ${maximum}.`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', maximum },
    });
  }
  return size;
}

/** Encodes and decodes the opaque cursors of one kind of list. */
export interface CursorCodec {
  encode(key: string): string;
  /** The key of a cursor made by `encode`; undefined for no cursor; a coded error otherwise. */
  decode(cursor: string | null | undefined, argumentName?: string): string | undefined;
}

/**
 * A cursor codec for keys of one kind (`unit`, `organization`, ...) that match `keyPattern`,
 * so a cursor of another list, or a forged one, is refused with BAD_USER_INPUT.
 */
export function cursorCodec(kind: string, keyPattern: RegExp): CursorCodec {
  const whole = new RegExp(`^${kind}:(${keyPattern.source})$`);
  return {
    encode: (key) => Buffer.from(`${kind}:${key}`).toString('base64url'),
    decode: (cursor, argumentName = 'after') => {
      if (cursor == null) return undefined;
      const match = whole.exec(Buffer.from(cursor, 'base64url').toString());
      if (!match) {
        throw new GraphQLError(`${argumentName} is not a cursor returned by this field.`, {
          extensions: { code: 'BAD_USER_INPUT', argumentName },
        });
      }
      return match[1];
    },
  };
}

/**
 * An edge whose cursor is encoded when read: a list of thousands of nodes asked for without
 * `edges { cursor }` (the usual case) encodes none of them.
 */
class Edge<TRow, TNode> {
  readonly #row: TRow;
  readonly #cursorOf: (row: TRow) => string;
  readonly node: TNode;
  constructor(row: TRow, node: TNode, cursorOf: (row: TRow) => string) {
    this.#row = row;
    this.node = node;
    this.#cursorOf = cursorOf;
  }
  get cursor(): string {
    return this.#cursorOf(this.#row);
  }
}

/**
 * Builds a connection from `rows` (up to `first + 1` of them, the extra one telling that a next
 * page exists) and the total match count; `cursorOf` gives each row's cursor.
 */
export function toConnection<TRow, TNode>(
  rows: TRow[],
  options: {
    first: number;
    totalCount: number;
    hasPreviousPage: boolean;
    cursorOf: (row: TRow) => string;
    toNode: (row: TRow) => TNode;
  },
): Connection<TNode> {
  const page = rows.slice(0, options.first);
  const edges = page.map((row) => new Edge(row, options.toNode(row), options.cursorOf));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: rows.length > options.first,
      hasPreviousPage: options.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: options.totalCount,
  };
}

/**
 * A connection of the rows of `page` (up to `first + 1` rows, see toConnection), each made a node
 * by `toNode`, read after the cursor `after`: a previous page exists when it is given.
 */
export function pageConnection<TRow, TNode>(
  page: { rows: TRow[]; totalCount: number },
  options: {
    first: number;
    after: unknown;
    cursorOf: (row: TRow) => string;
    toNode: (row: TRow) => TNode;
  },
): Connection<TNode> {
  const { first, after, cursorOf, toNode } = options;
  const hasPreviousPage = after !== undefined;
  return toConnection(page.rows, { ...page, first, hasPreviousPage, cursorOf, toNode });
}

/** A connection whose nodes are the rows of `page` themselves (see pageConnection). */
export function rowConnection<TRow>(
  page: { rows: TRow[]; totalCount: number },
  options: { first: number; after: unknown; cursorOf: (row: TRow) => string },
): Connection<TRow> {
  return pageConnection(page, { ...options, toNode: (row) => row });
}
