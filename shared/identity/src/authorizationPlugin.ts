import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { enforcePolicies } from './enforcePolicies.ts';
import { readPolicies, type SchemaPolicies, schemaDocument } from './readPolicies.ts';
import type { Identity } from './scopesForRole.ts';

/** A context that carries the caller's identity, as every subgraph's does. */
export interface IdentityContext extends BaseContext {
  identity: Identity;
}

/** Options of the subgraph-side authorization plugin. */
export interface AuthorizationPluginOptions {
  /**
   * The subgraph's SDL, when the schema's own AST nodes do not carry the directives.
   * @default the SDL gathered from the running schema
   */
  typeDefs?: DocumentNode;
}

/**
 * Enforces the subgraph's own `@authenticated` and `@requiresScopes` against the forwarded
 * identity before any resolver runs: the same rules the gateway applied, checked again (defense
 * in depth), so that a gateway bug or a misrouted request cannot read what the caller may not.
 */
export function authorizationPlugin<TContext extends IdentityContext>(
  options: AuthorizationPluginOptions = {},
): ApolloServerPlugin<TContext> {
  const policiesBySchema = new WeakMap<GraphQLSchema, SchemaPolicies>();
  const fixed = options.typeDefs ? readPolicies(options.typeDefs) : undefined;
  const policiesOf = (schema: GraphQLSchema) => {
    if (fixed) return fixed;
    let policies = policiesBySchema.get(schema);
    if (!policies) {
      policies = readPolicies(schemaDocument(schema));
      policiesBySchema.set(schema, policies);
    }
    return policies;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, contextValue }) {
          if (!contextValue.identity) {
            throw new Error('authorizationPlugin needs an identity in the context');
          }
          enforcePolicies({
            schema,
            document,
            operationName,
            policies: policiesOf(schema),
            identity: contextValue.identity,
          });
        },
      };
    },
  };
}
