import { defineSubgraph } from '@home-affairs/graphql';
import { organizationsModule } from './organizations/index.ts';
import { writesModule } from './organizations/writesModule.ts';
import { statisticsModule } from './statistics/index.ts';

/**
 * This subgraph's name, default port and modules, and what the gateway's offline composition
 * needs to know about it.
 */
export const subgraph = defineSubgraph({
  name: 'associations',
  defaultPort: 4002,
  features: [organizationsModule, statisticsModule, writesModule],
});
/** The modules, and the definition the gateway composes (see subgraph). */
export const { modules, subgraphDefinition } = subgraph;
