/**
 * Hive Gateway (Node) for `pnpm bench:load`: its runtime with its defaults (deduplication of
 * identical in-flight subgraph requests included) over the checked-in supergraph, unchanged.
 * Subgraphs from <NAME>_SUBGRAPH_URL. Prints `listening <url>`.
 */
import { readFileSync } from 'node:fs';
import { startHiveGateway } from '../testing/startHiveGateway.ts';

const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');
const subgraphUrls = Object.fromEntries(
  ['units', 'associations', 'personnel', 'procedures'].flatMap((name) => {
    const url = process.env[`${name.toUpperCase()}_SUBGRAPH_URL`];
    return url ? [[name, url]] : [];
  }),
);
const gateway = await startHiveGateway({ supergraphSdl, subgraphUrls });
console.log(`listening ${gateway.url}`);
process.on('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
