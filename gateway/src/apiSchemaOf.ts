import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { prepareSupergraph } from './security/prepareSupergraph.ts';

/**
 * The schema clients see through the gateway (the supergraph without its join and link
 * machinery), for client code generation and document checks. Built as Apollo Gateway builds it,
 * from the supergraph as the gateway loads it (ADR 0002).
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  const { gatewaySdl } = prepareSupergraph(supergraphSdl);
  return Supergraph.build(gatewaySdl).apiSchema().toGraphQLJSSchema();
}
