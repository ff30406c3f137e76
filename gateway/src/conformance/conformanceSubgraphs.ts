import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type DocumentNode, GraphQLError, parse } from 'graphql';

/** One subgraph of the conformance graph: plain SDL without any policy, and its resolvers. */
export interface ConformanceSubgraph {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<unknown>;
}

/** The federation features the conformance graph exercises, each in at least one query. */
export const conformanceFeatures = [
  'entities across subgraphs',
  '@requires',
  '@provides',
  '@shareable',
  '@override',
  '@interfaceObject',
  '@inaccessible',
  'interfaces across subgraphs',
  'unions across subgraphs',
] as const;

const link = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ${JSON.stringify(imports)})`;

const users = [
  { id: 'u1', username: 'lan', name: 'Nguyễn Thị Lan', riskScore: 3 },
  { id: 'u2', username: 'minh', name: 'Trần Văn Minh', riskScore: 7 },
];
const products = [
  { upc: 'p1', name: 'Sổ hộ khẩu', price: 120, weight: 2, cost: 80 },
  { upc: 'p2', name: 'Con dấu', price: 900, weight: 5, cost: 400 },
  { upc: 'p3', name: 'Biểu mẫu', price: 15, weight: 1, cost: 4 },
];
/** Stock as the inventory subgraph knows it; products' own (overridden) answer is the opposite. */
const stock: Record<string, boolean> = { p1: true, p2: false, p3: true };
const reviews = [
  { id: 'r1', body: 'Nhanh gọn.', authorId: 'u1', upc: 'p1', mediaId: 'b1' },
  { id: 'r2', body: 'Chậm.', authorId: 'u2', upc: 'p1', mediaId: 'm1' },
  { id: 'r3', body: 'Đúng hẹn.', authorId: 'u1', upc: 'p2', mediaId: 'b1' },
];
const media = [
  { id: 'b1', kind: 'Book', title: 'Luật Tổ chức chính quyền địa phương', author: 'Quốc hội' },
  { id: 'm1', kind: 'Movie', title: 'Một cửa', durationMinutes: 42 },
];

/** Accounts: the `User` entity, a `@shareable` field and an `@inaccessible` one. */
const accounts: ConformanceSubgraph = {
  name: 'accounts',
  typeDefs: parse(`${link(['@key', '@shareable', '@inaccessible'])}
    type User @key(fields: "id") {
      id: ID!
      username: String! @shareable
      name: String
      riskScore: Int @inaccessible
    }
    type Query { me: User users: [User!]! }
  `),
  resolvers: {
    Query: { me: () => users[0], users: () => users },
    User: { __resolveReference: ({ id }: { id: string }) => users.find((user) => user.id === id) },
  },
};

/**
 * Products: the `Product` entity (an `@inaccessible` cost, a field `@override`n by inventory), a
 * union whose members are entities of two subgraphs, and a field that fails with a coded error.
 */
const productsSubgraph: ConformanceSubgraph = {
  name: 'products',
  typeDefs: parse(`${link(['@key', '@shareable', '@inaccessible'])}
    type Product @key(fields: "upc") {
      upc: ID!
      name: String! @shareable
      price: Int!
      weight: Int!
      inStock: Boolean!
      cost: Int @inaccessible
      recallNotice: String
    }
    type User @key(fields: "id", resolvable: false) { id: ID! }
    union SearchResult = Product | User
    type Query {
      topProducts(first: Int = 5): [Product!]!
      product(upc: ID!): Product
      search(term: String!): [SearchResult!]!
    }
  `),
  resolvers: {
    Query: {
      topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
      product: (_: unknown, { upc }: { upc: string }) => products.find((p) => p.upc === upc),
      search: (_: unknown, { term }: { term: string }) => [
        ...products.filter((p) => p.name.toLowerCase().includes(term.toLowerCase())),
        ...users
          .filter((user) => user.username.includes(term.toLowerCase()))
          .map((user) => ({ __typename: 'User', id: user.id })),
      ],
    },
    SearchResult: {
      __resolveType: (value: { __typename?: string }) => value.__typename ?? 'Product',
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => products.find((p) => p.upc === upc),
      inStock: (product: { upc: string }) => !stock[product.upc],
      cost: (product: { cost: number }) => product.cost,
      recallNotice: (product: { upc: string }) => {
        if (product.upc !== 'p2') return null;
        throw new GraphQLError('The recall register is closed for maintenance.', {
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        });
      },
    },
  },
};

/** Inventory: `@requires` over `@external` fields, and `@override` of products' `inStock`. */
const inventory: ConformanceSubgraph = {
  name: 'inventory',
  typeDefs: parse(`${link(['@key', '@external', '@requires', '@override'])}
    type Product @key(fields: "upc") {
      upc: ID!
      price: Int! @external
      weight: Int! @external
      inStock: Boolean! @override(from: "products")
      shippingEstimate: Int! @requires(fields: "price weight")
    }
  `),
  resolvers: {
    Product: {
      __resolveReference: (reference: { upc: string; price?: number; weight?: number }) =>
        reference,
      inStock: (product: { upc: string }) => stock[product.upc] ?? false,
      // Free above 500; otherwise by weight: the gateway must fetch price and weight first.
      shippingEstimate: (product: { price: number; weight: number }) =>
        product.price > 500 ? 0 : product.weight * 10,
    },
  },
};

/**
 * Reviews: fields added to `User` and `Product`, `@provides` of the username, fields added to the
 * `Media` interface of another subgraph through `@interfaceObject`, and a mutation.
 */
const reviewsSubgraph: ConformanceSubgraph = {
  name: 'reviews',
  typeDefs: parse(`${link(['@key', '@external', '@provides', '@interfaceObject'])}
    type Review {
      id: ID!
      body: String!
      author: User @provides(fields: "username")
      product: Product
      about: Media
    }
    type User @key(fields: "id") {
      id: ID!
      username: String! @external
      reviews: [Review!]!
    }
    type Product @key(fields: "upc") { upc: ID! reviews: [Review!]! }
    type Media @key(fields: "id") @interfaceObject { id: ID! reviewCount: Int! }
    type Query { latestReviews: [Review!]! }
    type Mutation { draftReview(upc: ID!, body: String!): Review }
  `),
  resolvers: {
    Query: { latestReviews: () => reviews },
    Mutation: {
      // Answers the review it would add without storing it: both gateways see the same data.
      draftReview: (_: unknown, { upc, body }: { upc: string; body: string }) => ({
        id: 'draft',
        body,
        authorId: 'u2',
        upc,
        mediaId: null,
      }),
    },
    Review: {
      author: (review: { authorId: string }) => {
        const user = users.find((candidate) => candidate.id === review.authorId);
        return user && { id: user.id, username: user.username };
      },
      product: (review: { upc: string }) => ({ upc: review.upc }),
      about: (review: { mediaId: string | null }) => review.mediaId && { id: review.mediaId },
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      reviews: (user: { id: string }) => reviews.filter((review) => review.authorId === user.id),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
      reviews: (product: { upc: string }) => reviews.filter((review) => review.upc === product.upc),
    },
    Media: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      reviewCount: (item: { id: string }) =>
        reviews.filter((review) => review.mediaId === item.id).length,
    },
  },
};

/** Media: the `Media` entity interface with implementations the reviews subgraph never sees. */
const mediaSubgraph: ConformanceSubgraph = {
  name: 'media',
  typeDefs: parse(`${link(['@key'])}
    interface Media @key(fields: "id") { id: ID! title: String! }
    type Book implements Media @key(fields: "id") { id: ID! title: String! author: String! }
    type Movie implements Media @key(fields: "id") { id: ID! title: String! durationMinutes: Int! }
    type Query { media: [Media!]! }
  `),
  resolvers: {
    Query: { media: () => media },
    Media: {
      __resolveType: (item: { kind: string }) => item.kind,
      __resolveReference: ({ id }: { id: string }) => media.find((item) => item.id === id),
    },
    Book: { __resolveReference: ({ id }: { id: string }) => media.find((item) => item.id === id) },
    Movie: {
      __resolveReference: ({ id }: { id: string }) => media.find((item) => item.id === id),
    },
  },
};

/** The five subgraphs of the conformance graph. */
export const conformanceSubgraphs: readonly ConformanceSubgraph[] = [
  accounts,
  productsSubgraph,
  inventory,
  reviewsSubgraph,
  mediaSubgraph,
];

/** One query of the conformance suite: what it exercises, and what it asks. */
export interface ConformanceQuery {
  name: string;
  features: readonly (typeof conformanceFeatures)[number][];
  query: string;
  variables?: Record<string, unknown>;
  /** The error code the answer carries; without it the answer has data and no error. */
  errorCode?: string;
}

/** The conformance queries; each runs through both gateways and must get the same answer. */
export const conformanceQueries: readonly ConformanceQuery[] = [
  {
    name: 'entity fields from three subgraphs',
    features: ['entities across subgraphs', '@shareable'],
    query: `{ topProducts { upc name price reviews { body author { id name } } } }`,
  },
  {
    name: 'requires price and weight before the shipping estimate',
    features: ['@requires', 'entities across subgraphs'],
    query: `{ topProducts(first: 3) { upc shippingEstimate } }`,
  },
  {
    name: 'overridden field answered by its new owner',
    features: ['@override'],
    query: `query Stock($upc: ID!) { product(upc: $upc) { upc inStock } }`,
    variables: { upc: 'p2' },
  },
  {
    name: 'provided username without a call to accounts, name with one',
    features: ['@provides', 'entities across subgraphs'],
    query: `{ latestReviews { id author { username } } again: latestReviews { author { name } } }`,
  },
  {
    name: 'shareable field from either subgraph',
    features: ['@shareable'],
    query: `{ users { id username } me { username reviews { product { name } } } }`,
  },
  {
    name: 'interface object fields on every implementation',
    features: ['@interfaceObject', 'interfaces across subgraphs'],
    query: `{ media { __typename id title reviewCount ... on Book { author } ... on Movie { durationMinutes } } }`,
  },
  {
    name: 'interface reached from another subgraph',
    features: ['interfaces across subgraphs', 'entities across subgraphs'],
    query: `{ latestReviews { about { __typename title ... on Movie { durationMinutes } } } }`,
  },
  {
    name: 'union of entities of two subgraphs',
    features: ['unions across subgraphs', 'entities across subgraphs', '@requires'],
    query: `{ search(term: "n") { __typename ... on Product { name shippingEstimate } ... on User { username reviews { body } } } }`,
  },
  {
    name: 'fragments spread across subgraphs',
    features: ['entities across subgraphs', 'unions across subgraphs'],
    query: `query Search { search(term: "c") { ...Result } }
      fragment Result on SearchResult { ... on Product { ...Priced } }
      fragment Priced on Product { upc price inStock shippingEstimate }`,
  },
  {
    name: 'inaccessible field refused as unknown',
    features: ['@inaccessible'],
    query: `{ topProducts { upc cost } }`,
    errorCode: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'inaccessible field on an entity of another subgraph refused as unknown',
    features: ['@inaccessible'],
    query: `{ latestReviews { author { riskScore } } }`,
    errorCode: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a subgraph error at its path, the rest of the answer kept',
    features: ['entities across subgraphs'],
    query: `{ topProducts { upc recallNotice reviews { id } } }`,
    errorCode: 'SERVICE_UNAVAILABLE',
  },
  {
    name: 'a mutation joined with entities of other subgraphs',
    features: ['entities across subgraphs', '@requires'],
    query: `mutation { draftReview(upc: "p3", body: "Tốt.") { body author { name } product { name shippingEstimate } } }`,
  },
  {
    name: 'introspection of the API schema',
    features: ['@inaccessible', 'interfaces across subgraphs', 'unions across subgraphs'],
    query: `{ __schema { types { name kind possibleTypes { name } fields { name args { name } } } } }`,
  },
];
