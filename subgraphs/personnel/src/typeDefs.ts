import { defineSubgraph } from '@home-affairs/graphql';
import { agenciesModule } from './agencies/index.ts';
import { separationsModule } from './separations/index.ts';
import { specialistsModule } from './specialists/index.ts';
import { staffingModule } from './staffing/index.ts';

/**
 * This subgraph's name, default port and modules, and what the gateway's offline composition
 * needs to know about it.
 */
export const subgraph = defineSubgraph({
  name: 'personnel',
  defaultPort: 4003,
  features: [agenciesModule, staffingModule, separationsModule, specialistsModule],
});
/** The modules, and the definition the gateway composes (see subgraph). */
export const { modules, subgraphDefinition } = subgraph;
