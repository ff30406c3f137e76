import { defineSubgraph } from '@home-affairs/graphql';
import { addressesModule } from './addresses/index.ts';
import { correctionsModule } from './corrections/index.ts';
import { feedModule } from './feed/index.ts';
import { lineageModule } from './lineage/index.ts';
import { unitsModule } from './units/index.ts';

/** This subgraph's modules, and what the gateway's offline composition needs to know about it. */
export const { modules, subgraphDefinition } = defineSubgraph({
  name: 'units',
  defaultPort: 4001,
  features: [unitsModule, lineageModule, correctionsModule, feedModule, addressesModule],
});
