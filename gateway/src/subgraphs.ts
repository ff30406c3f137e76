import { subgraphDefinition as associations } from '@home-affairs/associations/typeDefs';
import { subgraphDefinition as personnel } from '@home-affairs/personnel/typeDefs';
import { subgraphDefinition as procedures } from '@home-affairs/procedures/typeDefs';
import { subgraphDefinition as units } from '@home-affairs/units/typeDefs';
import type { DocumentNode } from 'graphql';

/** What offline composition and the start script need to know about one subgraph. */
export interface SubgraphDefinition {
  /** One lowercase word: the subgraph's folder, package, Postgres schema and supergraph name. */
  name: string;
  /** The subgraph's SDL, federation directives included. */
  typeDefs: DocumentNode;
  /** Default URL written into the supergraph (local development); deployments override it. */
  url: string;
}

/**
 * Every subgraph composed into the supergraph (`pnpm compose`), in the order of their default
 * ports (4001, 4002, ...). The running gateway does not read it: it serves the composed file.
 */
export const subgraphs: readonly SubgraphDefinition[] = [
  units,
  associations,
  personnel,
  procedures,
];
