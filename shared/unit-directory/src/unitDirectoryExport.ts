import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DirectoryPage,
  type DirectoryUnit,
  directoryQuery,
  readDirectoryPages,
} from './fetchUnitDirectory.ts';

/** The file of a share folder that holds the units in force on `asOf` (readOnce's name). */
export function unitDirectoryFileName(asOf: string): string {
  return `units-in-force-${asOf}`;
}

/** The pid of the units subgraph that exports into a share folder (written by `pnpm start`). */
export const exporterFile = 'export.pid';
/** Written by the exporter once it has written every day it exports (or given up). */
const doneFile = 'export.done';

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes the units in force on each of `days` into the share `folder`, one file a day under the
 * name readOnce reads (`units-in-force-<day>.json`, atomically), then `export.done`. `execute`
 * runs `directoryQuery` in the units subgraph's own process, through its own schema and
 * resolvers: the same answer the agency subgraphs would page through the gateway for, in a few
 * in-process pages and no HTTP. Whatever happens, `export.done` is written last, so a waiting
 * subgraph then reads for itself what is missing (exportedUnitDirectory).
 */
export async function exportUnitDirectories(options: {
  folder: string;
  days: readonly string[];
  execute: (query: string, variables: Record<string, unknown>) => Promise<DirectoryPage>;
}): Promise<void> {
  const { folder, days, execute } = options;
  try {
    for (const day of days) {
      const units = await readDirectoryPages(day, exportPageSize, (variables) =>
        execute(directoryQuery, variables),
      );
      const file = join(folder, `${unitDirectoryFileName(day)}.json`);
      await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(units));
      await rename(`${file}.${process.pid}.tmp`, file);
    }
  } finally {
    await writeFile(join(folder, doneFile), String(process.pid));
  }
}

/**
 * The list `name` as the units subgraph exports it into `folder` (exportUnitDirectories): waits
 * while the exporter named in `export.pid` runs and has not finished; undefined when there is no
 * exporter, it died, or it finished without this list (the caller then reads it through the
 * graph).
 * @default pollMilliseconds 100
 */
export async function exportedUnitDirectory(
  folder: string,
  name: string,
  pollMilliseconds = 100,
): Promise<DirectoryUnit[] | undefined> {
  const exporter = Number(await readText(join(folder, exporterFile)));
  if (!(exporter > 0)) return undefined;
  for (;;) {
    // Read before the done marker: a list written just before it is not missed.
    const text = await readText(join(folder, `${name}.json`));
    if (text !== undefined) return JSON.parse(text) as DirectoryUnit[];
    if ((await readText(join(folder, doneFile))) !== undefined || !isAlive(exporter)) {
      const late = await readText(join(folder, `${name}.json`));
      return late === undefined ? undefined : (JSON.parse(late) as DirectoryUnit[]);
    }
    await sleep(pollMilliseconds);
  }
}
