import { concatAST, type DocumentNode, parse } from 'graphql';
import { pageInfoModule } from './connection.ts';
import { dateModule } from './dateScalar.ts';

/**
 * The federation header every subgraph declares alike, as a feature module: the `@link`s to
 * Federation 2.9 and to the cache-control spec, and Apollo Server's `@cacheControl` directive
 * composed into the supergraph so that the gateway reads it (docs/caching.md).
 */
export const federationModule = {
  typeDefs: parse(`
extend schema
  @link(
    url: "https://specs.apollo.dev/federation/v2.9"
    import: ["@key", "@shareable", "@tag", "@requiresScopes", "@composeDirective"]
  )
  @link(url: "https://home-affairs.gov.vn/specs/cache-control/v0.1", import: ["@cacheControl"])
  @composeDirective(name: "@cacheControl")

"""
Who may share a cached answer: \`PUBLIC\`, any caller allowed to read it; \`PRIVATE\`, only the
caller it was read for (Apollo Server's cache-control scope).
"""
enum CacheControlScope {
  "Any caller allowed to read the answer may be served a shared copy."
  PUBLIC
  "The answer is never shared between callers."
  PRIVATE
}

"""
How long an answer that selects this field or type may be served from a cache, in seconds, and
to whom (Apollo Server's \`@cacheControl\`, composed into the supergraph so that the gateway reads
it: docs/caching.md). Writes invalidate cached answers exactly; \`maxAge\` is only a back-stop.
"""
directive @cacheControl(
  maxAge: Int
  scope: CacheControlScope
  inheritMaxAge: Boolean
) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`),
  resolvers: {},
};

/**
 * A subgraph's modules and what the gateway's offline composition needs to know about it: the
 * shared modules (the federation header, `Date`, `PageInfo`) first, then the subgraph's features.
 */
export function defineSubgraph<TFeature extends { typeDefs: DocumentNode }>(options: {
  /** The subgraph's name, as in the supergraph. */
  name: string;
  /** Its default port in the composed supergraph's URL; each deployment overrides the URL. */
  defaultPort: number;
  /** Its feature modules, in the order buildSubgraphSchema receives them. */
  features: TFeature[];
}) {
  const modules = [federationModule, dateModule, pageInfoModule, ...options.features];
  return {
    /** The subgraph's name, as in the supergraph, its logs and its refusals. */
    name: options.name,
    /** Its port when `PORT` is not set. */
    defaultPort: options.defaultPort,
    /** The modules, in the order buildSubgraphSchema receives them. */
    modules,
    /** What the gateway's offline composition needs to know about this subgraph. */
    subgraphDefinition: {
      name: options.name,
      typeDefs: concatAST(modules.map((module) => module.typeDefs)),
      /** Default URL; each deployment overrides it (`<NAME>_SUBGRAPH_URL`). */
      url: `http://localhost:${options.defaultPort}/graphql`,
    },
  };
}
