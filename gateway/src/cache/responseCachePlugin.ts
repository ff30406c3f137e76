import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import { canonicalJson } from '@home-affairs/graphql';
import type { DocumentNode, FormattedExecutionResult, GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../createGateway.ts';
import { type CacheHints, type CachePolicy, cachePolicyOf } from './cacheHints.ts';
import type { ResponseCache } from './createResponseCache.ts';
import { requestTags } from './requestTags.ts';

/** Who asks, as far as the cache key is concerned. */
export interface CacheCaller {
  /** The scopes the caller holds; part of every key. */
  scopes: readonly string[];
}

/** What the response cache plugin needs from the gateway and its security layer. */
export interface ResponseCachePluginOptions {
  cache: ResponseCache;
  /** The supergraph's `@cacheControl` annotations. */
  hints: CacheHints;
  /**
   * The caller of a request, or undefined when its answer must be neither cached nor shared (no
   * identity decision, or a refused token).
   */
  callerOf: (context: GatewayContext) => CacheCaller | undefined;
  /**
   * Whether a caller without a token could run the operation: every field it may reach is public.
   * Only such operations are shared between callers; an authenticated non-public read never is.
   */
  isPublicOperation: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
  ) => boolean;
  /** The contract the request is served (part of every key). */
  contractOf?: ((context: GatewayContext) => string | undefined) | undefined;
}

/** What the plugin decides once per document (and operation name) of a schema. */
interface Analysis {
  shareable: boolean;
  policy: CachePolicy;
}

/** The leader of a shared execution: the request that runs it for the others. */
interface Leader {
  key: string;
  since: number;
  policy: CachePolicy;
  resolve: (result: FormattedExecutionResult | null) => void;
}

function responseOf(result: FormattedExecutionResult): GraphQLResponse {
  return {
    http: { status: undefined, headers: new HeaderMap() },
    body: { kind: 'single', singleResult: { ...result } },
  };
}

/**
 * The gateway's response cache and deduplication of reads (ADR 0014), as an Apollo Server plugin.
 * It acts in `responseForOperation`, after the security plugin's `didResolveOperation` has
 * accepted this caller's request (policies, limits, trusted documents): a refused request never
 * reaches it, and every caller is checked, the ones served from the cache included.
 *
 * A query is shared only when every field it may reach is public, under a key of its document
 * hash, operation name, variables, the caller's contract and scopes. Then an answer cached under
 * that key is served; else a running execution under the key is joined; else this request runs
 * it, and its answer is cached when the `@cacheControl` policy of the document allows it (a
 * `maxAge` above 0, no `PRIVATE` field) and it has no error. Other operations run as they always
 * did (their subgraph fetches may still be shared with the same signed identity).
 */
export function createResponseCachePlugin(
  options: ResponseCachePluginOptions,
): ApolloServerPlugin<GatewayContext> {
  const { cache, hints } = options;
  const analyses = new WeakMap<DocumentNode, Map<string, Analysis>>();
  const analyse = (schema: GraphQLSchema, document: DocumentNode, operationName?: string) => {
    let byName = analyses.get(document);
    if (!byName) {
      byName = new Map();
      analyses.set(document, byName);
    }
    const name = operationName ?? '';
    let analysis = byName.get(name);
    if (!analysis) {
      analysis = {
        shareable: options.isPublicOperation(schema, document, operationName),
        policy: cachePolicyOf(schema, document, hints),
      };
      byName.set(name, analysis);
    }
    return analysis;
  };

  return {
    async requestDidStart() {
      let leader: Leader | undefined;
      const settle = (result: FormattedExecutionResult | null) => {
        leader?.resolve(result);
      };
      return {
        async responseForOperation(requestContext) {
          const { operation, document, schema, contextValue, request } = requestContext;
          if (operation.operation !== 'query') return null;
          if (!cache.enabled && !cache.deduplicate) return null;
          const caller = options.callerOf(contextValue);
          if (!caller) return null;
          const operationName = requestContext.operationName ?? undefined;
          const analysis = analyse(schema, document, operationName);
          if (!analysis.shareable) return null;
          const key = createHash('sha256')
            .update(
              canonicalJson([
                options.contractOf?.(contextValue) ?? '',
                [...caller.scopes].sort().join(' '),
                requestContext.queryHash,
                operationName ?? '',
                request.variables ?? {},
              ]),
            )
            .digest('base64url');
          const cached = cache.get(key);
          if (cached) return responseOf(cached);
          let resolve: Leader['resolve'] | undefined;
          const since = cache.sequence();
          const shared = cache.shared(
            'operation',
            key,
            () =>
              new Promise<FormattedExecutionResult | null>((done) => {
                resolve = done;
              }),
          );
          if (!resolve) {
            // Another request with the same key runs it: its caller passed the same checks.
            const result = await shared;
            return result ? responseOf(result) : null;
          }
          leader = { key, since, policy: analysis.policy, resolve };
          return null;
        },
        async willSendResponse(requestContext) {
          if (!leader) return;
          const { body } = requestContext.response;
          const result = body.kind === 'single' ? body.singleResult : null;
          settle(result);
          const { policy } = leader;
          if (result?.data && !result.errors?.length && policy.maxAge > 0 && !policy.private) {
            cache.set(
              leader.key,
              result,
              requestTags(requestContext.contextValue),
              policy.maxAge,
              leader.since,
            );
          }
          leader = undefined;
        },
      };
    },
  };
}
