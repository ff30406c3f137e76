import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolders } from '@home-affairs/testing';
import { describe, expect, it } from 'vitest';
import { type DirectoryPage, fetchUnitDirectory } from './fetchUnitDirectory.ts';
import {
  exportedFeedHead,
  exportedUnitDirectory,
  exporterFile,
  exportUnitDirectories,
  unitDirectoryFileName,
} from './unitDirectoryExport.ts';

const folder = temporaryFolders('unit-directory-export');

/** A units subgraph's answer for `asOf`: provinces 01 and 40, one page of `first` at a time. */
function pagesOf(asOf: string) {
  const nodes: DirectoryPage['nodes'] = ['01', '40'].map((code) => ({
    code,
    level: 'PROVINCE',
    type: 'PROVINCE',
    name: `Province ${code}`,
    fullName: `Tỉnh ${code}`,
    validFrom: asOf,
    validTo: null,
    parent: null,
    province: { code },
    currentUnits: [{ code }],
  }));
  return (variables: Record<string, unknown>): DirectoryPage => {
    const start = variables.after ? Number(variables.after) : 0;
    const end = start + Number(variables.first);
    return {
      nodes: nodes.slice(start, end),
      pageInfo: { hasNextPage: end < nodes.length, endCursor: String(end) },
    };
  };
}

describe('exportUnitDirectories and exportedUnitDirectory', () => {
  it('hands each day the units subgraph exports to the waiting agency subgraphs, without the graph', async () => {
    const shared = folder();
    writeFileSync(join(shared, exporterFile), String(process.pid));
    const name = unitDirectoryFileName('2025-06-30');
    // Asked before the export is written: waits for it.
    const waiting = exportedUnitDirectory(shared, name, 5);
    const queries: Record<string, unknown>[] = [];
    await exportUnitDirectories({
      folder: shared,
      days: ['2025-06-30', '2025-07-01'],
      execute: async (query, variables) => {
        if (query.includes('unitChanges')) return { unitChanges: { headCursor: 'head-7' } };
        queries.push(variables);
        return { units: pagesOf(String(variables.asOf))(variables) };
      },
    });
    // Two days, one in-process page each.
    expect(queries.map((variables) => variables.asOf)).toEqual(['2025-06-30', '2025-07-01']);
    const units = await waiting;
    expect(units?.map((unit) => [unit.code, unit.provinceCode, unit.currentCodes])).toEqual([
      ['01', '01', ['01']],
      ['40', '40', ['40']],
    ]);
    // fetchUnitDirectory takes the exported list: the graph is never asked.
    const refuse = async () => {
      throw new Error('the graph was asked');
    };
    const read = await fetchUnitDirectory('2025-07-01', {
      graphUrl: 'http://127.0.0.1:9/graphql',
      shareFolder: shared,
      fetch: refuse,
    });
    expect(read.map((unit) => unit.code)).toEqual(['01', '40']);
    // The feed's head, read before the lists, for the agency subgraphs' cursor.
    expect(await exportedFeedHead(shared, 5)).toEqual({ cursor: 'head-7' });
  });

  it('leaves a day the export did not write, or a folder without an exporter, to the graph', async () => {
    const shared = folder();
    expect(await exportedUnitDirectory(shared, unitDirectoryFileName('2025-06-30'), 5)).toBe(
      undefined,
    );
    writeFileSync(join(shared, exporterFile), String(process.pid));
    await exportUnitDirectories({
      folder: shared,
      days: ['2025-06-30'],
      execute: async (query, variables) =>
        query.includes('unitChanges')
          ? { unitChanges: { headCursor: null } }
          : { units: pagesOf('2025-06-30')(variables) },
    });
    expect(await exportedUnitDirectory(shared, unitDirectoryFileName('2026-01-01'), 5)).toBe(
      undefined,
    );
  });

  it('stops waiting when the exporter died before writing', async () => {
    const shared = folder();
    // The pid of a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(shared, exporterFile), String(gone));
    expect(await exportedUnitDirectory(shared, unitDirectoryFileName('2025-06-30'), 5)).toBe(
      undefined,
    );
  });

  it('writes the done marker when the export fails, so that nobody waits for it', async () => {
    const shared = folder();
    writeFileSync(join(shared, exporterFile), String(process.pid));
    const waiting = exportedUnitDirectory(shared, unitDirectoryFileName('2025-06-30'), 5);
    await expect(
      exportUnitDirectories({
        folder: shared,
        days: ['2025-06-30'],
        execute: async () => {
          throw new Error('units query failed');
        },
      }),
    ).rejects.toThrow('units query failed');
    expect(await waiting).toBe(undefined);
  });
});
