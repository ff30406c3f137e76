/** One HTTP request a client might send the gateway, as the bad-input suite sends it. */
export interface BadInputRequest {
  /** @default 'POST' */
  method?: string;
  /** @default '/graphql' */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  /** Sent with a bearer token of this role. @default anonymous */
  token?: 'researcher' | 'admin';
}

/** A request and the answer it must get. */
export interface BadInputCase {
  category: string;
  name: string;
  request: BadInputRequest;
  /** The HTTP status of the answer. */
  status: number;
  /**
   * The code one of the answer's errors carries, or null for a request that must be served
   * without errors (a string that merely looks hostile).
   */
  code: string | null;
  /** Text the answer must not contain (a suggestion, an echoed value). */
  absent?: string[];
}

/**
 * Personal-looking values some cases send: no answer may echo them back (a refusal names the
 * argument, never the value).
 */
export const personalSentinels = ['001099012345', 'Nguyễn Thị Bí Mật'];

const json = { 'content-type': 'application/json' };

/** A JSON POST of a GraphQL request. */
function post(
  query: string | undefined,
  more: Record<string, unknown> = {},
  options: Omit<BadInputRequest, 'body'> = {},
): BadInputRequest {
  return {
    ...options,
    headers: { ...json, ...options.headers },
    body: JSON.stringify({ query, ...more }),
  };
}

/** A JSON POST of a raw body. */
function rawJson(
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
): BadInputRequest {
  return { headers: { ...json, ...headers }, body };
}

/** A GET of `/graphql` with these query parameters, with the CSRF preflight header. */
function get(
  parameters: Record<string, string>,
  headers: Record<string, string> = { 'apollo-require-preflight': '1' },
): BadInputRequest {
  return { method: 'GET', path: `/graphql?${new URLSearchParams(parameters)}`, headers };
}

type Row = [name: string, request: BadInputRequest, status: number, code: string | null];

/**
 * Cases that all must get `status` and `code`, each written as its name and its request: the
 * answer a run of cases expects is stated once above them.
 */
function expecting(
  status: number,
  code: string | null,
  cases: [name: string, request: BadInputRequest][],
): Row[] {
  return cases.map(([name, request]) => [name, request, status, code]);
}

function category(name: string, rows: Row[], absent?: string[]): BadInputCase[] {
  return rows.map(([caseName, request, status, code]) => ({
    category: name,
    name: caseName,
    request,
    status,
    code,
    ...(absent ? { absent } : {}),
  }));
}

const units = (args: string) => `{ units(${args}) { totalCount nodes { code } } }`;
const nested = (depth: number) =>
  `{ unit(code: "40") { ${'children(first: 1) { nodes { '.repeat(depth)}code${' } }'.repeat(depth)} } }`;
const aliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, index) => `a${index}: unit(code: "40") { code }`).join(' ')} }`;
const long = (length: number, unit = 'a') => unit.repeat(length);
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const malformedJson = category('malformed JSON', [
  ...expecting(400, 'BAD_REQUEST', [
    ['an unclosed object', rawJson('{')],
    ['a cut-off value', rawJson('{"query":')],
    ['plain words', rawJson('not json at all')],
    ['a missing closing brace', rawJson('{"query":"{ __typename }"')],
    ['an unclosed array', rawJson('[')],
    ['a bare string', rawJson('"{ __typename }"')],
    ['a bare number', rawJson('123')],
    ['null', rawJson('null')],
    ['true', rawJson('true')],
    ['an empty object', rawJson('{}')],
    ['an empty body', rawJson('')],
    ['a query that is a number', rawJson('{"query":5}')],
    ['a query that is null', rawJson('{"query":null}')],
    ['a query that is an array', rawJson('{"query":["{ __typename }"]}')],
    ['a query that is an object', rawJson('{"query":{}}')],
    ['an empty query', rawJson('{"query":""}')],
    ['variables that are a string', rawJson('{"query":"{ __typename }","variables":"x"}')],
    ['variables that are an array', rawJson('{"query":"{ __typename }","variables":[1]}')],
    ['extensions that are a string', rawJson('{"query":"{ __typename }","extensions":"x"}')],
    ['an operationName that is a number', rawJson('{"query":"{ __typename }","operationName":5}')],
    ['trailing garbage', rawJson('{"query":"{ __typename }"} x')],
    ['a single-quoted key', rawJson("{'query':'{ __typename }'}")],
    ['a trailing comma', rawJson('{"query":"{ __typename }",}')],
    ['a lone backslash escape', rawJson('{"query":"\\x"}')],
    [
      'bytes that are not UTF-8',
      rawJson(new Uint8Array([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
    ],
    ['JSON nested 100,000 deep', rawJson('['.repeat(100_000))],
  ]),
  ...expecting(400, 'GRAPHQL_PARSE_FAILED', [
    ['a document that does not parse', post('{ units { ')],
    ['a document of one brace', post('}')],
  ]),
]);

const contentTypes = category('content types', [
  ...expecting(400, 'CSRF_PREVENTED', [
    [
      'text/plain (a CSRF-able simple request)',
      { headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' },
    ],
    [
      'a form post',
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=x' },
    ],
    [
      'multipart/form-data',
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' },
    ],
    ['no content type', { body: '{"query":"{ __typename }"}' }],
  ]),
  ...expecting(400, 'BAD_REQUEST', [
    ['application/xml', { headers: { 'content-type': 'application/xml' }, body: '<query/>' }],
    [
      'application/graphql',
      { headers: { 'content-type': 'application/graphql' }, body: '{ __typename }' },
    ],
  ]),
  [
    'JSON in a charset express does not read',
    rawJson('{"query":"{ __typename }"}', { 'content-type': 'application/json; charset=latin1' }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'a gzip body that is not gzip',
    rawJson('{"query":"{ __typename }"}', { 'content-encoding': 'gzip' }),
    400,
    'BAD_REQUEST',
  ],
  [
    'an unknown content encoding',
    rawJson('{"query":"{ __typename }"}', { 'content-encoding': 'zstd-unknown' }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'a content type with a preflight header and an XML body',
    {
      headers: { 'content-type': 'text/plain', 'apollo-require-preflight': '1' },
      body: '<query/>',
    },
    400,
    'BAD_REQUEST',
  ],
]);

const methods = category('GET and methods', [
  [
    'a GET without the preflight header',
    get({ query: '{ __typename }' }, {}),
    400,
    'CSRF_PREVENTED',
  ],
  ['a mutation over GET', get({ query: 'mutation { __typename }' }), 405, 'BAD_REQUEST'],
  ['a GET whose document does not parse', get({ query: '{ units {' }), 400, 'GRAPHQL_PARSE_FAILED'],
  ...expecting(400, 'BAD_REQUEST', [
    ['a GET with variables that are not JSON', get({ query: '{ __typename }', variables: '{' })],
    ['a GET with extensions that are not JSON', get({ query: '{ __typename }', extensions: '{' })],
    ['a GET with an empty query', get({ query: '' })],
  ]),
  [
    'a GET of an unknown field',
    get({ query: '{ nothingHere }' }),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  ...expecting(405, 'METHOD_NOT_ALLOWED', [
    ['PUT', { ...post('{ __typename }'), method: 'PUT' }],
    ['DELETE', { ...post('{ __typename }'), method: 'DELETE' }],
    ['PATCH', { ...post('{ __typename }'), method: 'PATCH' }],
    ['POST /health', { method: 'POST', path: '/health' }],
    ['DELETE /ready', { method: 'DELETE', path: '/ready' }],
  ]),
  ...expecting(404, 'NOT_FOUND', [
    ['GET of an unknown path', { method: 'GET', path: '/nothing-here' }],
    ['POST of an unknown path', { ...post('{ __typename }'), path: '/graphql2' }],
    ['a path traversal', { method: 'GET', path: '/..%2f..%2fetc%2fpasswd' }],
    ['a malformed percent-encoding', { method: 'GET', path: '/%E0%A4%A' }],
  ]),
]);

const batches = category('batches', [
  ...expecting(400, 'BAD_REQUEST', [
    ['a batch of one', rawJson('[{"query":"{ __typename }"}]')],
    ['an empty batch', rawJson('[]')],
    [
      'a batch of 100',
      rawJson(JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ __typename }' })))),
    ],
    ['a batch of strings', rawJson('["{ __typename }"]')],
    ['a batch of nulls', rawJson('[null,null]')],
  ]),
  [
    'a batch sent over GET',
    get({ query: '[{"query":"{ __typename }"}]' }),
    400,
    'GRAPHQL_PARSE_FAILED',
  ],
]);

const hugeBodies = category('huge bodies', [
  ...expecting(413, 'PAYLOAD_TOO_LARGE', [
    ['a body over the 100 kB limit', post(`{ __typename } #${long(200_000)}`)],
    ['a body of 2 MB', post(`{ __typename } #${long(2_000_000)}`)],
    [
      'variables over the limit',
      post('query($s: String) { units(search: $s) { totalCount } }', {
        variables: { s: long(150_000) },
      }),
    ],
  ]),
  [
    'a document of more than 2,000 tokens',
    post(`{ ${long(2_100, '__typename ')} }`),
    400,
    'TOKEN_LIMIT_EXCEEDED',
  ],
  [
    'an admin body over the limit',
    {
      ...rawJson(JSON.stringify({ id: long(200_000) })),
      path: '/admin/revocations',
      token: 'admin',
    },
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  [
    'a URL of 20 kB',
    {
      method: 'GET',
      path: `/graphql?query=${long(20_000)}`,
      headers: { 'apollo-require-preflight': '1' },
    },
    431,
    'REQUEST_HEADER_FIELDS_TOO_LARGE',
  ],
]);

const depth = category(
  'depth',
  expecting(400, 'DEPTH_LIMIT_EXCEEDED', [
    ['20 levels of children', post(nested(20))],
    ['60 levels of children', post(nested(60))],
    [
      '12 levels of parents',
      post(`{ unit(code: "00001") { ${'parent { '.repeat(12)}code${' }'.repeat(12)} } }`),
    ],
    [
      'depth hidden in fragments',
      post(
        `{ unit(code: "40") { ...A } } fragment A on AdministrativeUnit { children(first: 1) { nodes { ...B } } } fragment B on AdministrativeUnit { children(first: 1) { nodes { ...C } } } fragment C on AdministrativeUnit { ${'children(first: 1) { nodes { '.repeat(12)}code${' } }'.repeat(12)} }`,
      ),
    ],
    [
      'depth hidden in inline fragments',
      post(
        `{ unit(code: "40") { ${'... on AdministrativeUnit { children(first: 1) { nodes { '.repeat(15)}code${' } } }'.repeat(15)} } }`,
      ),
    ],
  ]),
);

const aliasCases = category('aliases', [
  ...expecting(400, 'ALIAS_LIMIT_EXCEEDED', [
    ['100 aliases of one field', post(aliases(100))],
    ['150 aliases of one field', post(aliases(150))],
  ]),
  ['500 aliases (over the token limit first)', post(aliases(500)), 400, 'TOKEN_LIMIT_EXCEEDED'],
  [
    '50 aliases of a list',
    post(
      `{ ${Array.from({ length: 50 }, (_, index) => `f${index}: procedureFields { code }`).join(' ')} }`,
    ),
    400,
    'ALIAS_LIMIT_EXCEEDED',
  ],
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    [
      'one alias naming two fields',
      post('{ x: unit(code: "40") { code } x: agency(code: "1") { code } }'),
    ],
    [
      'an alias shadowing a field with other arguments',
      post('{ unit(code: "40") { code } unit: unit(code: "01") { code } }'),
    ],
  ]),
]);

const fragmentCycles = category('fragment cycles', [
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    [
      'two fragments spreading each other',
      post('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    ],
    ['a fragment spreading itself', post('{ ...A } fragment A on Query { __typename ...A }')],
    [
      'a cycle of three',
      post(
        '{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }',
      ),
    ],
    ['an unknown fragment', post('{ ...Missing }')],
    ['an unused fragment', post('{ __typename } fragment A on Query { __typename }')],
    ['a fragment on an unknown type', post('{ ...A } fragment A on Nothing { __typename }')],
    ['a fragment on the wrong type', post('{ ...A } fragment A on Agency { code }')],
    [
      'two fragments of one name',
      post('{ ...A } fragment A on Query { __typename } fragment A on Query { __typename }'),
    ],
  ]),
  [
    'a fragment bomb (30 fragments each spreading the next twice)',
    post(
      `{ ...F0 } ${Array.from({ length: 30 }, (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`).join(' ')} fragment F30 on Query { __typename }`,
    ),
    400,
    'COST_LIMIT_EXCEEDED',
  ],
]);

const directives = category('directives', [
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['an unknown directive', post('{ __typename @nothing }')],
    ['@skip without if', post('{ __typename @skip }')],
    ['@include(if: "yes")', post('{ __typename @include(if: "yes") }')],
    ['@skip twice', post('{ __typename @skip(if: false) @skip(if: false) }')],
    ['@deprecated on a field', post('{ __typename @deprecated }')],
    ['@defer', post('{ ... @defer { __typename } }')],
    ['@stream', post('{ units(first: 1) { nodes @stream { code } } }')],
    ['a directive on the operation', post('query @skip(if: true) { __typename }')],
    ['a federation directive in a query', post('{ __typename @key(fields: "code") }')],
    ['@include with an undeclared variable', post('{ __typename @include(if: $x) }')],
    [
      '@skip with a variable of the wrong type',
      post('query($x: String) { __typename @skip(if: $x) }', { variables: { x: 'yes' } }),
    ],
  ]),
  [
    '500 directives on one field',
    post(`{ __typename ${long(500, '@skip(if: false) ')} }`),
    400,
    'TOKEN_LIMIT_EXCEEDED',
  ],
]);

const firstValues = category('first values', [
  ...expecting(200, 'BAD_USER_INPUT', [
    ['units(first: -1)', post(units('first: -1'))],
    ['units(first: 5001)', post(units('first: 5001'))],
  ]),
  ['units(first: 2147483647)', post(units('first: 2147483647')), 400, 'COST_LIMIT_EXCEEDED'],
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['units(first: 2147483648)', post(units('first: 2147483648'))],
    ['units(first: 1.5)', post(units('first: 1.5'))],
    ['units(first: "10")', post(units('first: "10"'))],
  ]),
  ...expecting(400, 'BAD_USER_INPUT', [
    [
      'units(first: $n) with a string',
      post('query($n: Int) { units(first: $n) { totalCount } }', { variables: { n: '10' } }),
    ],
    [
      'units(first: $n) with 1e10',
      post('query($n: Int) { units(first: $n) { totalCount } }', { variables: { n: 1e10 } }),
    ],
  ]),
  ...expecting(200, 'BAD_USER_INPUT', [
    [
      'units(first: $n) with -5',
      post('query($n: Int) { units(first: $n) { totalCount } }', { variables: { n: -5 } }),
    ],
    ['organizations(first: -1)', post('{ organizations(first: -1) { totalCount } }')],
    ['organizations(first: 100000)', post('{ organizations(first: 100000) { totalCount } }')],
    ['agencies(first: -1)', post('{ agencies(first: -1) { totalCount } }')],
    ['agencies(first: 100000)', post('{ agencies(first: 100000) { totalCount } }')],
    ['procedures(first: -1)', post('{ procedures(first: -1) { totalCount } }')],
    ['procedures(first: 100000)', post('{ procedures(first: 100000) { totalCount } }')],
    [
      'children(first: -1) of a unit',
      post('{ unit(code: "40") { children(first: -1) { totalCount } } }'),
    ],
  ]),
]);

firstValues.push(
  ...category(
    'first values',
    expecting(400, 'BAD_USER_INPUT', [
      [
        'a filter list of 1,001 kinds',
        post(
          'query($k: [OrganizationKind!]) { organizations(filter: { kind: $k }, first: 1) { totalCount } }',
          {
            variables: { k: Array.from({ length: 1_001 }, () => 'ASSOCIATION') },
          },
        ),
      ],
      [
        'a filter list of 1,001 kinds written in the document',
        post(
          `{ organizations(filter: { kind: [${long(1_001, 'SOCIAL_FUND ')}] }, first: 1) { totalCount } }`,
        ),
      ],
    ]),
  ),
);

const cursors = category('cursors', [
  ...expecting(200, 'BAD_USER_INPUT', [
    ['after: "garbage"', post(units('first: 1, after: "garbage"'))],
    ['after: ""', post(units('first: 1, after: ""'))],
    ["another list's cursor", post(units(`first: 1, after: "${b64('organization:1')}"`))],
    ['a forged cursor with SQL', post(units(`first: 1, after: "${b64("unit:' OR 1=1 --")}"`))],
  ]),
  ...expecting(400, 'BAD_USER_INPUT', [
    ['a cursor of 10,000 characters', post(units(`first: 1, after: "${long(10_000)}"`))],
    [
      'a cursor with a NUL byte',
      post('query($a: String) { units(first: 1, after: $a) { totalCount } }', {
        variables: { a: `${b64('unit:01')}\u0000` },
      }),
    ],
    [
      'a cursor that is a number',
      post('query($a: String) { units(first: 1, after: $a) { totalCount } }', {
        variables: { a: 5 },
      }),
    ],
  ]),
  ...expecting(200, 'BAD_USER_INPUT', [
    [
      'a forged organizations cursor',
      post(`{ organizations(first: 1, after: "${b64('unit:01')}") { totalCount } }`),
    ],
    ['a forged agencies cursor', post('{ agencies(first: 1, after: "%%%") { totalCount } }')],
    [
      'a forged procedures cursor',
      post(`{ procedures(first: 1, after: "${b64('procedure:')}") { totalCount } }`),
    ],
  ]),
]);

const statistics = (from: string, to: string) =>
  `{ procedureStatistics(from: "${from}", to: "${to}") { received } }`;
const dateVariable = (value: unknown) =>
  post('query($d: Date) { units(level: PROVINCE, asOf: $d) { totalCount } }', {
    variables: { d: value },
  });
const datesAndPeriods = category('dates and periods', [
  ...expecting(400, 'BAD_USER_INPUT', [
    ['asOf: "2025-02-30"', post(units('asOf: "2025-02-30"'))],
    ['asOf: "2025-13-01"', post(units('asOf: "2025-13-01"'))],
    ['asOf: "2025-00-10"', post(units('asOf: "2025-00-10"'))],
    ['asOf: "2024-02-30"', post(units('asOf: "2024-02-30"'))],
    ['asOf: "2025-1-1"', post(units('asOf: "2025-1-1"'))],
    ['asOf: "2025-01-01T00:00:00Z"', post(units('asOf: "2025-01-01T00:00:00Z"'))],
    ['asOf: "1899-12-31" (before the range)', post(units('asOf: "1899-12-31"'))],
    ['asOf: "2101-01-01" (after the range)', post(units('asOf: "2101-01-01"'))],
    ['asOf: "0000-01-01"', post(units('asOf: "0000-01-01"'))],
    ['asOf: "+275760-09-13"', post(units('asOf: "+275760-09-13"'))],
    ['asOf: 20250101 (an Int)', post(units('asOf: 20250101'))],
    ['asOf: ""', post(units('asOf: ""'))],
    ['asOf as a variable "2025-02-30"', dateVariable('2025-02-30')],
    ['asOf as a variable 1735689600000', dateVariable(1_735_689_600_000)],
    ['asOf as a variable "9999-12-31"', dateVariable('9999-12-31')],
    ['asOf as a variable {}', dateVariable({})],
    [
      'a Date in an input object',
      post('{ separations(filter: { from: "2025-02-30" }) { totalCount } }'),
    ],
    [
      'procedureStatistics to 9999-12-31 (froze procedures)',
      post(statistics('2025-01-01', '9999-12-31')),
    ],
  ]),
  ...expecting(200, 'BAD_USER_INPUT', [
    ['procedureStatistics over 11 years', post(statistics('2000-01-01', '2010-12-31'))],
    ['procedureStatistics over 200 years', post(statistics('1900-01-01', '2100-12-31'))],
  ]),
  [
    'procedureStatistics from after to',
    post(statistics('2025-12-31', '2025-01-01')),
    200,
    'RULE_VIOLATION',
  ],
  [
    'procedureStatistics of a commune over 50 years',
    post(
      '{ unit(code: "40") { procedureStatistics(from: "2000-01-01", to: "2050-01-01") { received } } }',
    ),
    200,
    'BAD_USER_INPUT',
  ],
  [
    'procedureStatistics with dates as variables, 9999',
    post('query($f: Date!, $t: Date!) { procedureStatistics(from: $f, to: $t) { received } }', {
      variables: { f: '2025-01-01', t: '9999-12-31' },
    }),
    400,
    'BAD_USER_INPUT',
  ],
  ...expecting(200, 'BAD_USER_INPUT', [
    [
      'organizationStatisticsByYear over 10,000 years',
      post('{ organizationStatisticsByYear(fromYear: 1, toYear: 9999) { year } }'),
    ],
    [
      'organizationStatisticsByYear with years reversed',
      post('{ organizationStatisticsByYear(fromYear: 2025, toYear: 2000) { year } }'),
    ],
    [
      'organizationStatisticsByYear with a negative year',
      post('{ organizationStatisticsByYear(fromYear: -2000000, toYear: 2000) { year } }'),
    ],
  ]),
]);

const enums = category('enums', [
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['an unknown enum value', post(units('level: NOPE'))],
    ['an enum as a string literal', post(units('level: "PROVINCE"'))],
    ['an enum in lower case', post(units('level: province'))],
  ]),
  ...expecting(400, 'BAD_USER_INPUT', [
    [
      'an unknown enum value as a variable',
      post('query($l: AdministrativeLevel) { units(level: $l) { totalCount } }', {
        variables: { l: 'NOPE' },
      }),
    ],
    [
      'an enum variable that is a number',
      post('query($l: AdministrativeLevel) { units(level: $l) { totalCount } }', {
        variables: { l: 1 },
      }),
    ],
  ]),
  [
    'an enum list with an unknown value',
    post('{ organizations(filter: { kind: [ASSOCIATION, NOPE] }) { totalCount } }'),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  ...expecting(400, 'BAD_USER_INPUT', [
    [
      'an enum list variable with an unknown value',
      post(
        'query($k: [OrganizationKind!]) { organizations(filter: { kind: $k }) { totalCount } }',
        {
          variables: { k: ['NOPE'] },
        },
      ),
    ],
    [
      'an enum value with a NUL byte',
      post('query($l: AdministrativeLevel) { units(level: $l) { totalCount } }', {
        variables: { l: 'PROVINCE\u0000' },
      }),
    ],
  ]),
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['an enum where an Int goes', post(units('first: TEN'))],
    [
      'a variable of an unknown type',
      post('query($l: Level) { units(level: $l) { totalCount } }', {
        variables: { l: 'PROVINCE' },
      }),
    ],
  ]),
]);

const searchVariable = (value: unknown) =>
  post('query($s: String) { units(search: $s, first: 1) { totalCount } }', {
    variables: { s: value },
  });
const organizationsSearch = (value: unknown) =>
  post('query($s: String) { organizations(filter: { search: $s }, first: 1) { totalCount } }', {
    variables: { s: value },
  });
const injection = category('injection-like strings', [
  ...expecting(200, null, [
    ["search: ' OR 1=1 --", searchVariable("' OR 1=1 --")],
    ['search: a DROP TABLE', searchVariable("'; DROP TABLE units.units; --")],
    ['search: %', searchVariable('%')],
    ['search: _', searchVariable('_')],
    ['search: a backslash', searchVariable('\\')],
    ['search: a log4j lookup', searchVariable(['$', '{jndi:ldap://x/a}'].join(''))],
    ['search: <script>', searchVariable('<script>alert(1)</script>')],
    ['search: a JSON path', searchVariable('$.__proto__')],
    ["organizations search: ' OR 1=1 --", organizationsSearch("' OR 1=1 --")],
    ['organizations search: %_%', organizationsSearch('%_%')],
    ["unit(code: \"' OR '1'='1\")", post(`{ unit(code: "' OR '1'='1") { code } }`)],
    [
      'a __proto__ variable',
      rawJson(
        '{"query":"query($s: String) { units(search: $s) { totalCount } }","variables":{"__proto__":{"s":"x"}}}',
      ),
    ],
  ]),
  [
    'a constructor key in an input object',
    post('query($f: AgencyFilter) { agencies(filter: $f, first: 1) { totalCount } }', {
      variables: { f: { constructor: { prototype: { admin: true } } } },
    }),
    400,
    'BAD_USER_INPUT',
  ],
  [
    'an unknown field in an input object',
    post('{ agencies(filter: { sql: "1=1" }, first: 1) { totalCount } }'),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
]);

const regexLike = category(
  'regex-like strings',
  expecting(200, null, [
    ['search: .*', searchVariable('.*')],
    ['search: (a+)+$', searchVariable('(a+)+$')],
    ['search: [', searchVariable('[')],
    ['search: \\d{1000000}', searchVariable('\\d{1000000}')],
    ['search: ^$|', searchVariable('^$|')],
    ['organizations search: (.*){99}', organizationsSearch('(.*){99}')],
    ['search of 200 regex metacharacters', searchVariable(long(50, '.*+?'))],
  ]),
);

const longStrings = category('long strings', [
  ['search of 201 characters', searchVariable(long(201)), 200, 'BAD_USER_INPUT'],
  ['search of 50,000 characters', searchVariable(long(50_000)), 400, 'BAD_USER_INPUT'],
  [
    'organizations search of 1,000 characters',
    organizationsSearch(long(1_000)),
    200,
    'BAD_USER_INPUT',
  ],
  ...expecting(400, 'BAD_USER_INPUT', [
    ['unit(code) of 10,000 characters', post(`{ unit(code: "${long(10_000)}") { code } }`)],
    [
      'agency(code) of 5,000 characters',
      post('query($c: ID!) { agency(code: $c) { code } }', { variables: { c: long(5_000) } }),
    ],
  ]),
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['an operation name of 10,000 characters', post(`query ${long(10_000, 'A')} { __typename }`)],
    ['an alias of 10,000 characters', post(`{ ${long(10_000, 'a')}: __typename }`)],
    [
      'a variable name of 10,000 characters',
      post(
        `query($${long(10_000, 'v')}: String) { units(search: $${long(10_000, 'v')}) { totalCount } }`,
      ),
    ],
  ]),
  [
    'a client name header of 10,000 characters',
    post('{ __typename }', {}, { headers: { 'apollographql-client-name': long(10_000) } }),
    200,
    null,
  ],
]);

const nulBytes = category('NUL bytes', [
  ...expecting(400, 'BAD_USER_INPUT', [
    ['search: "a\\u0000b"', searchVariable('a\u0000b')],
    ['search: a lone NUL', searchVariable('\u0000')],
    ['search: a NUL in a literal', post(units('search: "a\\u0000b"'))],
    ['organizations search with a NUL', organizationsSearch('x\u0000')],
    [
      'unit(code) with a NUL',
      post('query($c: ID!) { unit(code: $c) { code } }', { variables: { c: '40\u0000' } }),
    ],
    [
      'agency(code) with a NUL',
      post('query($c: ID!) { agency(code: $c) { code } }', { variables: { c: '\u0000' } }),
    ],
    [
      'a provinceCode filter with a NUL',
      post(
        'query($p: String) { agencies(filter: { provinceCode: $p }, first: 1) { totalCount } }',
        {
          variables: { p: '40\u0000' },
        },
      ),
    ],
  ]),
  [
    'a NUL in an operation name',
    post('query A { __typename }', { operationName: 'A\u0000' }),
    400,
    'OPERATION_RESOLUTION_FAILURE',
  ],
  ['a raw NUL byte in the document', post('{ __typename \u0000 }'), 400, 'GRAPHQL_PARSE_FAILED'],
  [
    'a NUL in a variable name',
    rawJson('{"query":"{ __typename }","variables":{"a\\u0000":1}}'),
    200,
    null,
  ],
  ...expecting(400, 'BAD_USER_INPUT', [
    ['a NUL in a Date', dateVariable('2025-01-01\u0000')],
    [
      'a NUL in procedureStatistics unitCode',
      post(
        'query($u: ID) { procedureStatistics(from: "2025-01-01", to: "2025-12-31", unitCode: $u) { received } }',
        {
          variables: { u: '40\u0000' },
        },
      ),
    ],
  ]),
]);

const unicode = category('lone surrogates and combining Unicode', [
  ...expecting(400, 'BAD_USER_INPUT', [
    ['search: a lone high surrogate', searchVariable('\ud800')],
    ['search: a lone low surrogate', searchVariable('a\udfffb')],
    ['search: surrogates out of order', searchVariable('\udc00\ud800')],
  ]),
  [
    'a lone surrogate escaped in a literal',
    post(units('search: "\\ud800"')),
    400,
    'GRAPHQL_PARSE_FAILED',
  ],
  [
    'unit(code) with a lone surrogate',
    post('query($c: ID!) { unit(code: $c) { code } }', { variables: { c: '4\ud83d' } }),
    400,
    'BAD_USER_INPUT',
  ],
  [
    'search: 1,000 combining accents',
    searchVariable(`a${long(1_000, '\u0301')}`),
    200,
    'BAD_USER_INPUT',
  ],
  ...expecting(200, null, [
    ['search: Zalgo text', searchVariable(`n${long(30, '\u0300\u0301\u0302')}ghe`)],
    ['search: decomposed Vietnamese (NFD)', searchVariable('Nghe\u0323\u0302 An')],
    ['search: an emoji pair', searchVariable('🇻🇳')],
    ['search: right-to-left override', searchVariable('\u202eAn')],
    ['search: zero-width joiners', searchVariable('Ngh\u200de')],
    ['search: a non-character', searchVariable('\uffff')],
  ]),
]);

const introspectionCases = category(
  'introspection and suggestions',
  [
    ...expecting(401, 'UNAUTHENTICATED', [
      ['__schema, anonymous', post('{ __schema { queryType { name } } }')],
      ['__type, anonymous', post('{ __type(name: "Query") { name } }')],
      [
        '__schema behind a fragment',
        post('{ ...I } fragment I on Query { __schema { types { name } } }'),
      ],
      ['__schema under an alias', post('{ s: __schema { types { name } } }')],
    ]),
    ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
      ['a misspelt root field', post('{ unitz { code } }')],
      ['a misspelt nested field', post('{ units { nodez { code } } }')],
      ['a misspelt argument', post('{ units(serch: "x") { totalCount } }')],
      ['a misspelt type in a fragment', post('{ ...A } fragment A on Qery { __typename }')],
      ['a misspelt enum value', post(units('level: PROVINC'))],
      [
        'a misspelt input field',
        post('{ agencies(filter: { provinceCod: "40" }) { totalCount } }'),
      ],
      [
        'a misspelt variable type',
        post('query($l: AdministrativeLevl) { units(level: $l) { totalCount } }'),
      ],
      ['a misspelt field over GET', get({ query: '{ agencie { code } }' })],
    ]),
  ],
  [
    'Did you mean',
    '"units"',
    '"nodes"',
    '"search"',
    '"provinceCode"',
    'PROVINCE"',
    '"AdministrativeLevel"',
  ],
);

const query = 'query A { __typename } query B { __typename }';
const operations = category('operation names and variables', [
  [
    'an unknown operationName',
    post('query A { __typename }', { operationName: 'B' }),
    400,
    'OPERATION_RESOLUTION_FAILURE',
  ],
  [
    'two anonymous operations',
    post('{ __typename } { __typename }'),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  ...expecting(400, 'OPERATION_RESOLUTION_FAILURE', [
    ['two named operations and no operationName', post(query)],
    ['two named operations and an unknown one', post(query, { operationName: 'C' })],
    ['an empty operationName', post(query, { operationName: '' })],
  ]),
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['two operations of one name', post('query A { __typename } query A { __typename }')],
    ['only fragments', post('fragment A on Query { __typename }')],
    ['a subscription', post('subscription { __typename }')],
    ['a schema definition', post('type Query { x: Int }')],
  ]),
  ...expecting(400, 'BAD_USER_INPUT', [
    ['a missing required variable', post('query($c: ID!) { unit(code: $c) { code } }')],
    [
      'a required variable sent as null',
      post('query($c: ID!) { unit(code: $c) { code } }', { variables: { c: null } }),
    ],
    [
      'a variable of the wrong type',
      post('query($c: ID!) { unit(code: $c) { code } }', { variables: { c: { x: 1 } } }),
    ],
  ]),
  ...expecting(400, 'GRAPHQL_VALIDATION_FAILED', [
    ['an undeclared variable', post('{ unit(code: $c) { code } }', { variables: { c: '40' } })],
    ['an unused variable', post('query($c: ID) { __typename }', { variables: { c: '40' } })],
    ['a variable declared twice', post('query($c: ID, $c: ID) { unit(code: $c) { code } }')],
    [
      'a nullable variable where a non-null goes',
      post('query($c: ID) { unit(code: $c) { code } }', { variables: { c: '40' } }),
    ],
  ]),
  ...expecting(400, 'BAD_USER_INPUT', [
    [
      'a list where a scalar goes',
      post('query($c: ID!) { unit(code: $c) { code } }', { variables: { c: ['40', '01'] } }),
    ],
    [
      'a personal value in a variable of the wrong type',
      post('query($n: Int) { units(first: $n) { totalCount } }', {
        variables: { n: personalSentinels[0] },
      }),
    ],
    [
      'a personal name in a variable of the wrong type',
      post('query($d: Date) { units(asOf: $d) { totalCount } }', {
        variables: { d: personalSentinels[1] },
      }),
    ],
  ]),
  [
    '100,000 variables',
    post('{ __typename }', {
      variables: Object.fromEntries(
        Array.from({ length: 100_000 }, (_, index) => [`v${index}`, 1]),
      ),
    }),
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  [
    'a mutation by an anonymous caller',
    post('mutation { renameAgency(code: "1", name: "x") { agency { code } } }'),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
]);

const persistedQuery = (sha256Hash: unknown, version: unknown = 1) => ({
  extensions: { persistedQuery: { version, sha256Hash } },
});
const persisted = category('persisted-document hashes', [
  ...expecting(200, 'PERSISTED_QUERY_NOT_FOUND', [
    ['an unknown hash', post(undefined, persistedQuery('0'.repeat(64)))],
    ['a hash that is not hex', post(undefined, persistedQuery('zz'))],
    ['a hash of 10,000 characters', post(undefined, persistedQuery(long(10_000, 'f')))],
  ]),
  ...expecting(400, 'BAD_REQUEST', [
    ['a hash that is a number', post(undefined, persistedQuery(5))],
    ['a hash that is null', post(undefined, persistedQuery(null))],
  ]),
  [
    'a version 2 hash',
    post(undefined, persistedQuery('0'.repeat(64), 2)),
    400,
    'PERSISTED_QUERY_NOT_SUPPORTED',
  ],
  ...expecting(400, 'BAD_REQUEST', [
    ['persistedQuery that is a string', post(undefined, { extensions: { persistedQuery: 'x' } })],
    [
      'a hash that does not match its query',
      post('{ __typename }', persistedQuery('0'.repeat(64))),
    ],
  ]),
  [
    'an unreviewed document from a bound client',
    post('{ __typename }', {}, { headers: { 'apollographql-client-name': 'dashboard' } }),
    400,
    'TRUSTED_DOCUMENT_REQUIRED',
  ],
  ...expecting(200, 'PERSISTED_QUERY_NOT_FOUND', [
    [
      'an unknown hash from a bound client',
      post(undefined, persistedQuery('1'.repeat(64)), {
        headers: { 'apollographql-client-name': 'dashboard' },
      }),
    ],
    ['a hash with a NUL byte', post(undefined, persistedQuery(`${'0'.repeat(63)}\u0000`))],
    [
      'a hash sent over GET, unknown',
      get({ extensions: JSON.stringify(persistedQuery('2'.repeat(64)).extensions) }),
    ],
  ]),
]);

const admin = (path: string, body: unknown, token: BadInputRequest['token'] = 'admin') => ({
  ...rawJson(typeof body === 'string' ? body : JSON.stringify(body)),
  path,
  token,
});
const adminRoutes = category('admin and usage routes', [
  ...expecting(401, 'UNAUTHENTICATED', [
    ['GET /usage, anonymous', { method: 'GET', path: '/usage' }],
    [
      'GET /usage with a malformed Authorization',
      { method: 'GET', path: '/usage', headers: { authorization: 'Basic eDp5' } },
    ],
    [
      'GET /usage with a forged token',
      { method: 'GET', path: '/usage', headers: { authorization: 'Bearer a.b.c' } },
    ],
    [
      'GET /usage with a token of 10,000 characters',
      { method: 'GET', path: '/usage', headers: { authorization: `Bearer ${long(10_000)}` } },
    ],
  ]),
  ['POST /usage', { ...rawJson('{}'), path: '/usage', token: 'researcher' }, 404, 'NOT_FOUND'],
  [
    'POST /admin/revocations, anonymous',
    { ...rawJson('{"id":"x"}'), path: '/admin/revocations' },
    401,
    'UNAUTHENTICATED',
  ],
  [
    'POST /admin/revocations, researcher',
    admin('/admin/revocations', { id: 'x' }, 'researcher'),
    403,
    'FORBIDDEN',
  ],
  ...expecting(400, 'BAD_USER_INPUT', [
    [
      'POST /admin/revocations with a bad date',
      admin('/admin/revocations', { id: 'x', expiresAt: 'not a date' }),
    ],
    [
      'POST /admin/revocations with 2025-02-30',
      admin('/admin/revocations', { id: 'x', expiresAt: '2025-02-30T00:00:00Z' }),
    ],
    [
      'POST /admin/revocations with a date in year 275760',
      admin('/admin/revocations', { id: 'x', expiresAt: '+275760-09-13T00:00:00Z' }),
    ],
    [
      'POST /admin/revocations with a numeric date',
      admin('/admin/revocations', { id: 'x', expiresAt: 5 }),
    ],
    ['POST /admin/revocations without an id', admin('/admin/revocations', {})],
    ['POST /admin/revocations with an id that is a number', admin('/admin/revocations', { id: 5 })],
    [
      'POST /admin/revocations with an id of 1,000 characters',
      admin('/admin/revocations', { id: long(1_000) }),
    ],
    [
      'POST /admin/revocations with a NUL in the id',
      admin('/admin/revocations', { id: 'x\u0000' }),
    ],
  ]),
  [
    'POST /admin/revocations with broken JSON',
    admin('/admin/revocations', '{'),
    400,
    'BAD_REQUEST',
  ],
  [
    'POST /admin/revocations with an array',
    admin('/admin/revocations', '[]'),
    400,
    'BAD_USER_INPUT',
  ],
  [
    'POST /admin/revocations as text/plain',
    {
      method: 'POST',
      path: '/admin/revocations',
      token: 'admin',
      headers: { 'content-type': 'text/plain' },
      body: '{"id":"x"}',
    },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  ...expecting(400, 'BAD_USER_INPUT', [
    ['POST /admin/tokens with garbage', admin('/admin/tokens', { id: 1 })],
    [
      'POST /admin/tokens with bad dates',
      admin('/admin/tokens', {
        id: 'x',
        subject: 's',
        role: 'researcher',
        scopes: [],
        issuedAt: 'yesterday',
        expiresAt: 'tomorrow',
      }),
    ],
    [
      'POST /admin/tokens with an unknown role',
      admin('/admin/tokens', {
        id: 'x',
        subject: 's',
        role: 'superuser',
        scopes: [],
        issuedAt: '2025-01-01T00:00:00Z',
        expiresAt: '2025-02-01T00:00:00Z',
      }),
    ],
    [
      'POST /admin/tokens with scopes that are not strings',
      admin('/admin/tokens', {
        id: 'x',
        subject: 's',
        role: 'researcher',
        scopes: [{}],
        issuedAt: '2025-01-01T00:00:00Z',
        expiresAt: '2025-02-01T00:00:00Z',
      }),
    ],
  ]),
  [
    'GET /admin/tokens, researcher',
    { method: 'GET', path: '/admin/tokens', token: 'researcher' },
    403,
    'FORBIDDEN',
  ],
  [
    'GET /admin/audit/verify, anonymous',
    { method: 'GET', path: '/admin/audit/verify' },
    401,
    'UNAUTHENTICATED',
  ],
  ...expecting(404, 'NOT_FOUND', [
    ['GET /admin/nothing', { method: 'GET', path: '/admin/nothing', token: 'admin' }],
    ['DELETE /admin/tokens', { method: 'DELETE', path: '/admin/tokens', token: 'admin' }],
  ]),
]);

const separation = (overrides: Record<string, unknown>) =>
  post(
    'mutation($input: RecordSeparationInput!) { recordSeparation(input: $input) { separation { id } } }',
    {
      variables: {
        input: {
          idempotencyKey: 'bad-input-suite',
          agencyCode: 'SNV-40',
          reason: 'EARLY_RETIREMENT',
          category: 'CIVIL_SERVANT',
          effectiveDate: '2025-08-01',
          benefitAmount: 1,
          fullName: personalSentinels[1],
          nationalId: personalSentinels[0],
          birthDate: '1970-01-01',
          ...overrides,
        },
      },
    },
    { token: 'admin' },
  );
operations.push(
  ...category(
    'operation names and variables',
    expecting(400, 'BAD_USER_INPUT', [
      ['a separation with a birth date of 30 February', separation({ birthDate: '1961-02-30' })],
      [
        'a separation with a NUL in the national ID',
        separation({ nationalId: `${personalSentinels[0]}\u0000` }),
      ],
      [
        'a separation with a full name of 6,000 characters',
        separation({ fullName: `${personalSentinels[1]}${long(6_000)}` }),
      ],
      [
        'a separation with a benefit that is a string',
        separation({ benefitAmount: personalSentinels[0] }),
      ],
    ]),
  ),
);

/** Every case of the suite, by category (the categories of issue 10). */
export const badInputCases: BadInputCase[] = [
  ...malformedJson,
  ...contentTypes,
  ...methods,
  ...batches,
  ...hugeBodies,
  ...depth,
  ...aliasCases,
  ...fragmentCycles,
  ...directives,
  ...firstValues,
  ...cursors,
  ...datesAndPeriods,
  ...enums,
  ...injection,
  ...regexLike,
  ...longStrings,
  ...nulBytes,
  ...unicode,
  ...introspectionCases,
  ...operations,
  ...persisted,
  ...adminRoutes,
];
