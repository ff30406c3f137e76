import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@home-affairs/service';
import type { UnitsDatabase } from '../units/queries.ts';
import { applyChangeSet, type ChangeSetResult } from './applyChangeSet.ts';
import { parseChangeSet } from './parseChangeSet.ts';

/** The change sets shipped with the subgraph: `subgraphs/units/changesets/`. */
export const changeSetsFolder = fileURLToPath(new URL('../../changesets/', import.meta.url));

/**
 * Applies every `*.json` change set in `folder`, in effective-date order (then by id), each in
 * its own transaction. Already-applied files are no-ops, so this runs on every start; the first
 * refused file stops the run with its `ChangeSetError`, leaving the earlier ones applied.
 */
export async function applyChangeSetFolder(
  db: UnitsDatabase,
  options: {
    /** @default the shipped `changesets/` folder */
    folder?: string;
    logger?: Logger;
  } = {},
): Promise<ChangeSetResult[]> {
  const folder = options.folder ?? changeSetsFolder;
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) =>
    name.endsWith('.json'),
  );
  const files = await Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(folder, name), 'utf8');
      return { name, text, changeSet: parseChangeSet(text) };
    }),
  );
  files.sort(
    (a, b) =>
      a.changeSet.effectiveDate.localeCompare(b.changeSet.effectiveDate) ||
      a.changeSet.id.localeCompare(b.changeSet.id),
  );
  const results: ChangeSetResult[] = [];
  for (const file of files) {
    results.push(
      await applyChangeSet(db, file.text, { fileName: file.name, logger: options.logger }),
    );
  }
  return results;
}
