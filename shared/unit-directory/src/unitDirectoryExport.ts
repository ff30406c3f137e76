import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '@home-affairs/service/processLock';
import {
  type DirectoryPage,
  type DirectoryUnit,
  directoryQuery,
  readDirectoryPages,
} from './fetchUnitDirectory.ts';
import { unitChangesQuery } from './followUnitChanges.ts';

/** The file of a share folder that holds the units in force on `asOf` (readOnce's name). */
export function unitDirectoryFileName(asOf: string): string {
  return `units-in-force-${asOf}`;
}

/** The pid of the units subgraph that exports into a share folder (written by `pnpm start`). */
export const exporterFile = 'export.pid';
/** Written by the exporter once it has written every day it exports (or given up). */
const doneFile = 'export.done';
/** The feed's head as the exporter read it, before the lists (`{ "cursor": … }`). */
const headFile = 'export.head.json';

// In-process pages have no gateway cost budget to stay within: the units query's largest page.
const exportPageSize = 5000;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `value` as JSON to `folder/name`, atomically (beside it, then renamed). */
async function writeJson(folder: string, name: string, value: unknown) {
  const file = join(folder, name);
  await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(value));
  await rename(`${file}.${process.pid}.tmp`, file);
}

/**
 * Writes the feed's head, then the units in force on each of `days`, into the share `folder`:
 * `export.head.json`, then one file a day under the name readOnce reads
 * (`units-in-force-<day>.json`), each atomically, then `export.done`. `execute` runs a query in
 * the units subgraph's own process, through its own schema and resolvers, and resolves with its
 * `data`: the same answers the agency subgraphs would page through the gateway for, in a few
 * in-process pages and no HTTP. The head is read first, so that each list is at least as recent
 * as the cursor an agency subgraph starts the feed from (ensureUnitFeedCursor). Whatever
 * happens, `export.done` is written last, so a waiting subgraph then reads for itself what is
 * missing (exportedUnitDirectory).
 */
export async function exportUnitDirectories(options: {
  folder: string;
  days: readonly string[];
  execute: (query: string, variables: Record<string, unknown>) => Promise<unknown>;
}): Promise<void> {
  const { folder, days, execute } = options;
  try {
    const head = (await execute(unitChangesQuery, { after: null, first: 0 })) as {
      unitChanges: { headCursor: string | null };
    };
    await writeJson(folder, headFile, { cursor: head.unitChanges.headCursor });
    for (const day of days) {
      const units = await readDirectoryPages(day, exportPageSize, async (variables) => {
        const data = (await execute(directoryQuery, variables)) as { units: DirectoryPage };
        return data.units;
      });
      await writeJson(folder, `${unitDirectoryFileName(day)}.json`, units);
    }
  } finally {
    await writeFile(join(folder, doneFile), String(process.pid));
  }
}

/**
 * The feed's head as the units subgraph exported it into `folder` (`{ cursor }`, see
 * exportUnitDirectories), waiting as exportedUnitDirectory does; undefined when there is none.
 */
export async function exportedFeedHead(
  folder: string,
  pollMilliseconds = 100,
): Promise<{ cursor: string | null } | undefined> {
  return exportedFile(folder, headFile, pollMilliseconds);
}

/**
 * The list `name` as the units subgraph exports it into `folder` (exportUnitDirectories): waits
 * while the exporter named in `export.pid` runs and has not finished; undefined when there is no
 * exporter, it died, or it finished without this list (the caller then reads it through the
 * graph).
 * @default pollMilliseconds 100
 */
export function exportedUnitDirectory(
  folder: string,
  name: string,
  pollMilliseconds = 100,
): Promise<DirectoryUnit[] | undefined> {
  return exportedFile(folder, `${name}.json`, pollMilliseconds);
}

/** The JSON file `name` of the export into `folder`, once written; undefined when it never is. */
async function exportedFile<T>(
  folder: string,
  name: string,
  pollMilliseconds: number,
): Promise<T | undefined> {
  const exporter = Number(await readText(join(folder, exporterFile)));
  if (!(exporter > 0)) return undefined;
  for (;;) {
    // Read before the done marker: a file written just before it is not missed.
    const text = await readText(join(folder, name));
    if (text !== undefined) return JSON.parse(text) as T;
    if ((await readText(join(folder, doneFile))) !== undefined || !isProcessAlive(exporter)) {
      const late = await readText(join(folder, name));
      return late === undefined ? undefined : (JSON.parse(late) as T);
    }
    await sleep(pollMilliseconds);
  }
}
