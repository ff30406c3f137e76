import { dateModule, pageInfoModule } from '@home-affairs/graphql';
import { concatAST } from 'graphql';
import { catalogueModule } from './catalogue/index.ts';
import { dossiersModule } from './dossiers/index.ts';
import { serviceIndexModule } from './serviceIndex/index.ts';
import { statisticsModule } from './statistics/index.ts';

/** The feature modules of this subgraph, in the order buildSubgraphSchema receives them. */
export const modules = [
  dateModule,
  pageInfoModule,
  catalogueModule,
  statisticsModule,
  serviceIndexModule,
  dossiersModule,
];

/** What the gateway's offline composition needs to know about this subgraph. */
export const subgraphDefinition = {
  name: 'procedures',
  typeDefs: concatAST(modules.map((module) => module.typeDefs)),
  /** Default URL in the composed supergraph; each deployment overrides it (PROCEDURES_SUBGRAPH_URL). */
  url: 'http://localhost:4004/graphql',
};
