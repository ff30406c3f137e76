import {
  type DocumentNode,
  GraphQLError,
  type GraphQLFormattedError,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/** Why a subgraph's fields are missing, as `extensions.reason` says it. */
export type UnavailableReason =
  /** No connection: nothing listens, the connection was refused or reset. */
  | 'CONNECTION_FAILED'
  /** No complete answer within the subgraph's timeout. */
  | 'TIMEOUT'
  /** HTTP 5xx, or an answer that is not a GraphQL response. */
  | 'BAD_RESPONSE'
  /** Not asked: its circuit is open after repeated failures. */
  | 'CIRCUIT_OPEN';

/** A request the subgraph did not serve: it counts against the subgraph's circuit. */
export class SubgraphFailure extends Error {
  override name = 'SubgraphFailure';
  constructor(
    readonly reason: UnavailableReason,
    /** What happened, for the client: never the subgraph's address or its body. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

/**
 * A subgraph's refusal of a request (HTTP 4xx): its answer to what the client sent, relayed as
 * its coded errors. Not a failure of the subgraph, so it never counts against its circuit.
 */
export class SubgraphRejection extends GraphQLError {
  constructor(
    readonly status: number,
    readonly errors: GraphQLFormattedError[],
  ) {
    super(`Refused with HTTP ${status}`);
  }
}

/** A subgraph's error with only what a client may see: message, path and plain extensions. */
function relayable(error: unknown): GraphQLFormattedError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, path, extensions } = error as Record<string, unknown>;
  if (typeof message !== 'string') return undefined;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((extensions ?? {}) as Record<string, unknown>)) {
    // A stack trace or a nested object (an HTTP response, an exception) is the subgraph's
    // internals; codes and the plain values a client acts on (argumentName, maximum) are not.
    if (key === 'stacktrace' || key === 'serviceName') continue;
    const plain = (item: unknown) => item === null || typeof item !== 'object';
    if (plain(value) || (Array.isArray(value) && value.every(plain))) kept[key] = value;
  }
  return {
    message,
    ...(Array.isArray(path) ? { path: path as (string | number)[] } : {}),
    ...(Object.keys(kept).length > 0 ? { extensions: kept } : {}),
  };
}

/**
 * The errors of a subgraph's GraphQL answer as the gateway relays them (see `relayable`), for a
 * 200 answer's field errors.
 */
export function relayedErrors(errors: readonly unknown[]): GraphQLFormattedError[] {
  return errors.flatMap((error) => relayable(error) ?? []);
}

/** The code a refusal without a coded GraphQL error gets, by HTTP status. */
function codeOfStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  return 'BAD_REQUEST';
}

/**
 * The client's view of a subgraph's HTTP 4xx: its GraphQL errors with their codes, or one coded
 * error when it sent none. The raw response (status text, body, URL) is never passed on.
 *
 * A subgraph answers GRAPHQL_VALIDATION_FAILED only for a value the gateway could not check: the
 * gateway validated the client's operation against the supergraph before planning, and the
 * subgraph operation is built from it, so what is left is a custom scalar's literal (`asOf:
 * "2025-02-30"`): the client's mistake, BAD_USER_INPUT.
 */
export function refusalErrors(
  subgraph: string,
  status: number,
  body: unknown,
): GraphQLFormattedError[] {
  const sent = (body as { errors?: unknown } | undefined)?.errors;
  const errors = Array.isArray(sent) ? relayedErrors(sent) : [];
  if (errors.length === 0) {
    return [
      {
        message: `The ${subgraph} subgraph refused the request (HTTP ${status}).`,
        extensions: { code: codeOfStatus(status) },
      },
    ];
  }
  return errors.map((error) => {
    const code = error.extensions?.code;
    return {
      ...error,
      extensions: {
        ...error.extensions,
        code:
          code === 'GRAPHQL_VALIDATION_FAILED'
            ? 'BAD_USER_INPUT'
            : typeof code === 'string'
              ? code
              : codeOfStatus(status),
      },
    };
  });
}

/** Response keys of the fields a selection set asks for, through fragments; not `__typename`. */
function responseKeys(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  typename: string | undefined,
): string[] {
  const keys: string[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') {
          keys.push(selection.alias?.value ?? selection.name.value);
        }
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection
          : document.definitions.find(
              (definition) =>
                definition.kind === Kind.FRAGMENT_DEFINITION &&
                definition.name.value === selection.name.value,
            );
      if (fragment?.kind !== Kind.INLINE_FRAGMENT && fragment?.kind !== Kind.FRAGMENT_DEFINITION) {
        continue;
      }
      const condition = fragment.typeCondition?.name.value;
      if (!condition || !typename || condition === typename) visit(fragment.selectionSet);
    }
  };
  visit(selectionSet);
  return [...new Set(keys)];
}

/**
 * The response paths of what one subgraph fetch was to fill in: each representation's fields for
 * an entity fetch (`['_entities', 3, 'organizationCounts']`, which the gateway maps to the path in
 * the client's answer), each root field otherwise. One error per path, like a resolver error of
 * each field, tells a client which nulls are missing data rather than "none".
 */
export function pathsOfFetch(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): (string | number)[][] {
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
  const [first, ...others] = operation.selectionSet.selections;
  if (first?.kind === Kind.FIELD && first.name.value === '_entities' && others.length === 0) {
    const representations = Array.isArray(variables?.representations)
      ? (variables.representations as { __typename?: unknown }[])
      : [];
    return representations.flatMap((representation, index) => {
      const typename =
        typeof representation?.__typename === 'string' ? representation.__typename : undefined;
      const keys = first.selectionSet ? responseKeys(first.selectionSet, document, typename) : [];
      return keys.map((key) => ['_entities', index, key]);
    });
  }
  return responseKeys(operation.selectionSet, document, undefined).map((key) => [key]);
}
