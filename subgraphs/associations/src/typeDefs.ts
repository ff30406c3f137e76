import { defineSubgraph } from '@home-affairs/graphql';
import { organizationsModule } from './organizations/index.ts';
import { writesModule } from './organizations/writesModule.ts';
import { statisticsModule } from './statistics/index.ts';

/** This subgraph's modules, and what the gateway's offline composition needs to know about it. */
export const { modules, subgraphDefinition } = defineSubgraph({
  name: 'associations',
  defaultPort: 4002,
  features: [organizationsModule, statisticsModule, writesModule],
});
