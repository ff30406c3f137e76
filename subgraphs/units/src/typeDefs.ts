import { dateModule, pageInfoModule } from '@home-affairs/graphql';
import { concatAST } from 'graphql';
import { addressesModule } from './addresses/index.ts';
import { correctionsModule } from './corrections/index.ts';
import { feedModule } from './feed/index.ts';
import { lineageModule } from './lineage/index.ts';
import { unitsModule } from './units/index.ts';

/** The feature modules of this subgraph, in the order buildSubgraphSchema receives them. */
export const modules = [
  dateModule,
  pageInfoModule,
  unitsModule,
  lineageModule,
  correctionsModule,
  feedModule,
  addressesModule,
];

/** What the gateway's offline composition needs to know about this subgraph. */
export const subgraphDefinition = {
  name: 'units',
  typeDefs: concatAST(modules.map((module) => module.typeDefs)),
  /** Default URL in the composed supergraph; each deployment overrides it (UNITS_SUBGRAPH_URL). */
  url: 'http://localhost:4001/graphql',
};
