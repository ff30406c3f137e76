import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { pathsOfFetch, refusalErrors, relayedErrors } from './subgraphErrors.ts';

describe('pathsOfFetch', () => {
  it("gives each representation's fields for an entity fetch", () => {
    const document = parse(`query NgheAn__associations__2($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on AdministrativeUnit { __typename counts: organizationCounts { total } organizations { totalCount } }
        ... on Agency { procedures { totalCount } }
      }
    }`);
    const representations = [
      { __typename: 'AdministrativeUnit', code: '16681' },
      { __typename: 'Agency', code: 'BNV' },
    ];
    expect(pathsOfFetch(document, { representations })).toEqual([
      ['_entities', 0, 'counts'],
      ['_entities', 0, 'organizations'],
      ['_entities', 1, 'procedures'],
    ]);
  });

  it('gives each root field of a root fetch, through named fragments', () => {
    const document = parse(`query { unit(code: "40") { name } ...More __typename }
      fragment More on Query { units { totalCount } }`);
    expect(pathsOfFetch(document, undefined)).toEqual([['unit'], ['units']]);
  });
});

describe('refusalErrors', () => {
  it("relays a subgraph's coded errors without its internals", () => {
    const body = {
      errors: [
        {
          message: 'Variable "$d" got invalid value "2025-02-30".',
          locations: [{ line: 1, column: 7 }],
          extensions: {
            code: 'BAD_USER_INPUT',
            argumentName: 'asOf',
            stacktrace: ['GraphQLError: at /srv/app/dateScalar.ts:18'],
            exception: { detail: 'internal' },
            http: { status: 400 },
          },
        },
      ],
    };
    expect(refusalErrors('associations', 400, body)).toEqual([
      {
        message: 'Variable "$d" got invalid value "2025-02-30".',
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'asOf' },
      },
    ]);
  });

  it("reports a custom scalar's literal the subgraph refused as the client's mistake", () => {
    const body = {
      errors: [
        {
          message: 'A Date must be a calendar day written YYYY-MM-DD.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    };
    expect(refusalErrors('associations', 400, body)).toEqual([
      {
        message: 'A Date must be a calendar day written YYYY-MM-DD.',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });

  it('gives a refusal without GraphQL errors one coded error, never its body', () => {
    expect(refusalErrors('units', 401, '<html>who are you? 10.0.3.7</html>')).toEqual([
      {
        message: 'The units subgraph refused the request (HTTP 401).',
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ]);
    expect(refusalErrors('units', 403, undefined)[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refusalErrors('units', 413, { errors: [] })[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('relayedErrors', () => {
  it('keeps message, path and plain extensions of field errors; drops what is not an error', () => {
    expect(
      relayedErrors([
        {
          message: 'Internal server error.',
          path: ['_entities', 0, 'organizationCounts'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'], kinds: ['A', 'B'] },
        },
        'not an error',
        { path: ['x'] },
      ]),
    ).toEqual([
      {
        message: 'Internal server error.',
        path: ['_entities', 0, 'organizationCounts'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', kinds: ['A', 'B'] },
      },
    ]);
  });
});
