import { dateModule, pageInfoModule } from '@home-affairs/graphql';
import { concatAST } from 'graphql';
import { agenciesModule } from './agencies/index.ts';
import { separationsModule } from './separations/index.ts';
import { specialistsModule } from './specialists/index.ts';
import { staffingModule } from './staffing/index.ts';

/** The feature modules of this subgraph, in the order buildSubgraphSchema receives them. */
export const modules = [
  dateModule,
  pageInfoModule,
  agenciesModule,
  staffingModule,
  separationsModule,
  specialistsModule,
];

/** What the gateway's offline composition needs to know about this subgraph. */
export const subgraphDefinition = {
  name: 'personnel',
  typeDefs: concatAST(modules.map((module) => module.typeDefs)),
  /** Default URL in the composed supergraph; each deployment overrides it (PERSONNEL_SUBGRAPH_URL). */
  url: 'http://localhost:4003/graphql',
};
