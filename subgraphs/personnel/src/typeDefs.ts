import { defineSubgraph } from '@home-affairs/graphql';
import { agenciesModule } from './agencies/index.ts';
import { separationsModule } from './separations/index.ts';
import { specialistsModule } from './specialists/index.ts';
import { staffingModule } from './staffing/index.ts';

/** This subgraph's modules, and what the gateway's offline composition needs to know about it. */
export const { modules, subgraphDefinition } = defineSubgraph({
  name: 'personnel',
  defaultPort: 4003,
  features: [agenciesModule, staffingModule, separationsModule, specialistsModule],
});
