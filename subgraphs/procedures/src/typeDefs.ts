import { defineSubgraph } from '@home-affairs/graphql';
import { catalogueModule } from './catalogue/index.ts';
import { dossiersModule } from './dossiers/index.ts';
import { serviceIndexModule } from './serviceIndex/index.ts';
import { statisticsModule } from './statistics/index.ts';

/**
 * This subgraph's name, default port and modules, and what the gateway's offline composition
 * needs to know about it.
 */
export const subgraph = defineSubgraph({
  name: 'procedures',
  defaultPort: 4004,
  features: [catalogueModule, statisticsModule, serviceIndexModule, dossiersModule],
});
/** The modules, and the definition the gateway composes (see subgraph). */
export const { modules, subgraphDefinition } = subgraph;
