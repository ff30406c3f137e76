import { GraphQLError } from 'graphql';

/**
 * Largest page a list field returns. Large enough for all 3,321 commune-level units in one page,
 * small enough that one request cannot ask for the whole history (about 14,000 versions).
 */
export const maxPageSize = 5000;

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

/** Checks `first` and throws a coded error when it is out of range. */
export function checkPageSize(first: number | null | undefined): number {
  const size = first ?? 100;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new GraphQLError(`first must be between 0 and ${maxPageSize}.`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', maximum: maxPageSize },
    });
  }
  return size;
}

/** Encodes a unit code as an opaque cursor. */
export function encodeCursor(code: string): string {
  return Buffer.from(`unit:${code}`).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`, or throws a coded error naming the argument. */
export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor == null) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = /^unit:(\d{2,5})$/.exec(decoded);
  if (!match) {
    throw new GraphQLError('after is not a cursor returned by this field.', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  return match[1];
}

/** Builds a connection from `rows` (up to `first + 1` of them) and the total match count. */
export function toConnection<TRow extends { code: string }, TNode>(
  rows: TRow[],
  first: number,
  totalCount: number,
  hasPrevious: boolean,
  toNode: (row: TRow) => TNode,
): Connection<TNode> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(row.code), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
