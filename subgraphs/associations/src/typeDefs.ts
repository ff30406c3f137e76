import { dateModule, pageInfoModule } from '@home-affairs/graphql';
import { concatAST } from 'graphql';
import { organizationsModule } from './organizations/index.ts';
import { writesModule } from './organizations/writesModule.ts';
import { statisticsModule } from './statistics/index.ts';

/** The feature modules of this subgraph, in the order buildSubgraphSchema receives them. */
export const modules = [
  dateModule,
  pageInfoModule,
  organizationsModule,
  statisticsModule,
  writesModule,
];

/** What the gateway's offline composition needs to know about this subgraph. */
export const subgraphDefinition = {
  name: 'associations',
  typeDefs: concatAST(modules.map((module) => module.typeDefs)),
  /** Default URL in the composed supergraph; each deployment overrides it (ASSOCIATIONS_SUBGRAPH_URL). */
  url: 'http://localhost:4002/graphql',
};
