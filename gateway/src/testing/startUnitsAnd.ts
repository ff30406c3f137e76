import { subgraphDefinition as unitsDefinition } from '@home-affairs/units/typeDefs';
import type { SubgraphDefinition } from '../subgraphs.ts';
import { startOnTop } from './startOnTop.ts';
import { startTestGateway } from './startTestGateway.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from './startUnitsSubgraph.ts';

/**
 * The real units subgraph and an agency subgraph that `startAgency` starts over it (it is given
 * the units subgraph's URL, to read the unit directory from). `dispose()` stops both, the agency
 * first.
 */
export async function startUnitsAnd<TAgency extends { url: string; dispose(): Promise<void> }>(
  startAgency: (unitsUrl: string) => Promise<TAgency>,
): Promise<{ units: UnitsSubgraph; agency: TAgency; dispose(): Promise<void> }> {
  const units = await startUnitsSubgraph();
  const agency = await startOnTop(
    startAgency(units.url),
    (started) => started.dispose(),
    () => units.dispose(),
  );
  return { units, agency: agency.started, dispose: agency.stop };
}

/**
 * The units subgraph and the agency subgraph of `agency` (startUnitsAnd) behind an in-process
 * test gateway composed of the two (startTestGateway). `close()` stops the gateway, then both.
 */
export async function startUnitsAndGateway<
  TAgency extends { url: string; dispose(): Promise<void> },
>(agency: SubgraphDefinition, startAgency: (unitsUrl: string) => Promise<TAgency>) {
  const subgraphs = await startUnitsAnd(startAgency);
  const gateway = await startOnTop(
    startTestGateway([unitsDefinition, agency], {
      units: subgraphs.units.url,
      [agency.name]: subgraphs.agency.url,
    }),
    (started) => started.close(),
    () => subgraphs.dispose(),
  );
  return { ...subgraphs, gateway: gateway.started, close: gateway.stop };
}
