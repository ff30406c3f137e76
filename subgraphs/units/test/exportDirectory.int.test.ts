import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@home-affairs/service';
import { type DirectoryUnit, exporterFile, fetchUnitDirectory } from '@home-affairs/unit-directory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDirectory } from '../src/directory/exportDirectory.ts';
import { startSubgraph } from './startSubgraph.ts';

let graph: Awaited<ReturnType<typeof startSubgraph>>;
const folder = mkdtempSync(join(tmpdir(), 'units-export-'));
beforeAll(async () => {
  graph = await startSubgraph('units_export');
});
afterAll(async () => {
  await graph?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('exportDirectory', () => {
  it('writes, for each day, what the agency subgraphs would read through the graph', async () => {
    const days = ['2025-06-30', '2025-07-01'];
    writeFileSync(join(folder, exporterFile), String(process.pid));
    await exportDirectory({
      apollo: graph.subgraph.apollo,
      db: graph.database.db,
      folder,
      logger: createLogger('units-test', 'silent'),
      days,
    });
    for (const day of days) {
      const exported = JSON.parse(
        readFileSync(join(folder, `units-in-force-${day}.json`), 'utf8'),
      ) as DirectoryUnit[];
      // The same query over the subgraph's HTTP path, signed as the gateway signs, 2 units a page.
      const read = await fetchUnitDirectory(day, {
        graphUrl: 'http://units.test/graphql',
        pageSize: 2,
        shareFolder: '',
        fetch: async (_url, init) => {
          const { query, variables } = JSON.parse(String(init?.body));
          return Response.json(await graph.execute(query, variables));
        },
      });
      expect(exported.length).toBeGreaterThan(0);
      expect(exported).toEqual(read);
    }
    // The feed's head, read before the lists: where the agency subgraphs start following it.
    const head = await graph.execute<{ unitChanges: { headCursor: string | null } }>(
      '{ unitChanges(first: 0) { headCursor } }',
    );
    expect(JSON.parse(readFileSync(join(folder, 'export.head.json'), 'utf8'))).toEqual({
      cursor: head.data.unitChanges.headCursor,
    });
    // The agency subgraphs take the exported list.
    const taken = await fetchUnitDirectory('2025-07-01', {
      graphUrl: 'http://127.0.0.1:9/graphql',
      shareFolder: folder,
    });
    expect(taken.length).toBeGreaterThan(0);
  });
});
