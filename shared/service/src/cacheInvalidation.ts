import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * The response extension in which a subgraph names what a write changed, for the gateway's
 * response cache (ADR 0014, docs/caching.md): `extensions.invalidates: ["AdministrativeUnit:40",
 * "Dossier:17", ...]`. Tags are `Type:key` of an entity whose fields this subgraph serves (its
 * statistics on a unit are tagged with the unit), or `Type` alone for every entity of the type.
 */
export const invalidatesExtension = 'invalidates';

const tagsByContext = new WeakMap<object, Set<string>>();

/**
 * Records, for the response of the current request, the entities and aggregates a write changed:
 * `invalidateCache(context, 'AdministrativeUnit:40', 'Dossier:17')`. Call it from every mutation
 * resolver once the write has committed (also when an idempotent retry returns the first result:
 * naming a tag twice costs nothing). A write that names nothing makes the gateway drop every cached
 * answer this subgraph contributed to.
 */
export function invalidateCache(context: object, ...tags: readonly string[]): void {
  let tagSet = tagsByContext.get(context);
  if (!tagSet) {
    tagSet = new Set();
    tagsByContext.set(context, tagSet);
  }
  for (const tag of tags) tagSet.add(tag);
}

/** The tag of one entity: `Type:key`. */
export function entityTag(typeName: string, key: string | number): string {
  return `${typeName}:${key}`;
}

/** Puts the tags named with `invalidateCache` into the response's `extensions.invalidates`. */
export function cacheInvalidationPlugin<
  TContext extends BaseContext,
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const tags = tagsByContext.get(contextValue);
          if (!tags || tags.size === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [invalidatesExtension]: [...tags].sort() };
        },
      };
    },
  };
}
