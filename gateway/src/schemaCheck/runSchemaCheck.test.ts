import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ContractDefinition } from '../contracts/contracts.ts';
import {
  associationsFixture,
  composeFixtureSupergraph,
  type FixtureSubgraph,
  unitsFixture,
} from '../security/testing/fixtureSubgraphs.ts';
import type { SubgraphDefinition } from '../subgraphs.ts';
import { readManifest } from './findManifests.ts';
import { formatReport } from './formatReport.ts';
import { runSchemaCheck, type SchemaCheckInput, type SchemaCheckReport } from './runSchemaCheck.ts';

const definitionOf = (fixture: FixtureSubgraph): SubgraphDefinition => ({
  name: fixture.name,
  typeDefs: fixture.typeDefs,
  url: `http://127.0.0.1:1/${fixture.name}`,
});
/** The fixture units subgraph with its SDL edited. */
const unitsWith = (edit: (sdl: string) => string): SubgraphDefinition => ({
  ...definitionOf(unitsFixture),
  typeDefs: parse(edit(print(unitsFixture.typeDefs))),
});
const associations = definitionOf(associationsFixture);
const base = { label: 'main', supergraphSdl: composeFixtureSupergraph() };
// The fixtures carry no contract tags; contracts are checked on the real graph (contracts.int.test.ts).
const contracts: ContractDefinition[] = [];

/** A trusted-document manifest in a temporary folder, in the format given. */
function manifest(format: 'apollo' | 'codegen', documents: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'manifest-'));
  const hash = (body: string) => createHash('sha256').update(body).digest('hex');
  const content =
    format === 'apollo'
      ? {
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: documents.map((body) => ({ id: hash(body), name: 'x', type: 'query', body })),
        }
      : Object.fromEntries(documents.map((body) => [hash(body), body]));
  const path =
    format === 'apollo' ? 'persisted-query-manifest.json' : 'web.persisted-documents.json';
  writeFileSync(join(root, path), JSON.stringify(content));
  return readManifest(root, path);
}

const check = (units: SubgraphDefinition, manifests = [manifest('codegen', [])]) =>
  runSchemaCheck({ definitions: [units, associations], base, manifests, contracts });

const changeAt = (report: SchemaCheckReport, path: string) =>
  report.changes.find((change) => change.path === path);

describe('pnpm schema:check', () => {
  const withoutPopulation = unitsWith((sdl) => sdl.replace(/\n\s*population: Int[^\n]*/, ''));
  /** The check of `AdministrativeUnit.population`'s removal against `usage`: report and change. */
  const checkRemovedPopulation = async (usage: Pick<SchemaCheckInput, 'manifests' | 'audit'>) => {
    const report = await runSchemaCheck({
      definitions: [withoutPopulation, associations],
      base,
      contracts,
      ...usage,
    });
    return { report, removal: changeAt(report, 'AdministrativeUnit.population') };
  };

  it('fails when a removed field is used by a trusted document, naming the document', async () => {
    const used = manifest('apollo', ['query ProvincePopulation { units { code population } }']);
    const { report, removal } = await checkRemovedPopulation({ manifests: [used] });
    expect(report.passed).toBe(false);
    expect(removal).toMatchObject({
      classification: 'breaking',
      subgraphs: ['units'],
      usedBy: ['ProvincePopulation (persisted-query-manifest.json)'],
    });
    expect(report.brokenOperations).toEqual([
      {
        operation: 'ProvincePopulation (persisted-query-manifest.json)',
        errors: ['Cannot query field "population" on type "AdministrativeUnit".'],
      },
    ]);
    const text = formatReport(report);
    expect(text).toContain('used by: ProvincePopulation (persisted-query-manifest.json)');
    expect(text).toMatch(/^Failed: 2 error\(s\)/m);
  });

  it('warns when a removed field is used by nobody, with the evidence', async () => {
    const other = manifest('codegen', ['query Names { units { code name } }']);
    const { report, removal } = await checkRemovedPopulation({ manifests: [other] });
    expect(report.passed).toBe(true);
    expect(removal).toMatchObject({ classification: 'breaking', usedBy: [] });
    expect(report.warnings).toBeGreaterThan(0);
    expect(formatReport(report)).toContain(
      'no operation uses it (1 in manifests; audit log not configured)',
    );
  });

  it('counts the audit log as usage', async () => {
    const { report, removal } = await checkRemovedPopulation({
      manifests: [],
      audit: {
        days: 30,
        withoutDocument: 0,
        operations: [
          {
            name: 'Census',
            source: 'audit log',
            hash: 'a'.repeat(64),
            document: parse('query Census { unit(code: "40") { population } }'),
            runs: 12,
            lastRun: '2025-11-29',
          },
        ],
      },
    });
    expect(report.passed).toBe(false);
    expect(removal?.usedBy).toEqual(['Census (audit log, 12 runs, last 2025-11-29)']);
  });

  it('passes a new nullable field with a description as safe', async () => {
    const report = await check(
      unitsWith((sdl) =>
        sdl.replace(
          'name: String!',
          'name: String!\n  "Area in km²."\n  areaSquareKilometres: Float',
        ),
      ),
    );
    expect(report.passed).toBe(true);
    expect(report.changes.map(({ path, classification }) => ({ path, classification }))).toEqual([
      { path: 'AdministrativeUnit.areaSquareKilometres', classification: 'safe' },
    ]);
    expect(report.lints.filter((lint) => lint.path.includes('areaSquareKilometres'))).toEqual([]);
  });

  it('reports a new field without a description, and a new root field without a policy', async () => {
    const report = await check(
      unitsWith((sdl) =>
        sdl
          .replace('name: String!', 'name: String!\n  areaSquareKilometres: Float')
          .replace('type Query {', 'type Query {\n  "Everything."\n  unitCount: Int'),
      ),
    );
    expect(report.passed).toBe(false);
    expect(report.lints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          rule: 'description',
          path: 'AdministrativeUnit.areaSquareKilometres',
          subgraphs: ['units'],
        }),
        expect.objectContaining({
          level: 'error',
          rule: 'policy',
          path: 'Query.unitCount',
          subgraphs: ['units'],
        }),
      ]),
    );
  });

  it('reports a personal field without its tag, and names that break the style guide', async () => {
    const report = await check(
      unitsWith((sdl) =>
        sdl.replace(
          'name: String!',
          `name: String!
  "Chairperson's name."
  chairpersonName: String @requiresScopes(scopes: [["read:personal:units"]])
  "Phone of the office."
  office_phone: String`,
        ),
      ),
    );
    const found = report.lints.map(({ level, rule, path }) => `${level} ${rule} ${path}`);
    expect(found).toContain('error personal AdministrativeUnit.chairpersonName');
    expect(found).toContain('error naming AdministrativeUnit.office_phone');
  });

  it('names both subgraphs of a composition error', async () => {
    const clash = unitsWith((sdl) =>
      sdl.replace(
        'type AdministrativeUnit @key(fields: "code") {',
        'type AdministrativeUnit @key(fields: "code") {\n  associationCount: String',
      ),
    );
    const report = await check(clash);
    expect(report.passed).toBe(false);
    expect(report.composition.ok).toBe(false);
    const [error] = report.composition.errors;
    expect(error?.subgraphs.sort()).toEqual(['associations', 'units']);
    expect(error?.message).toMatch(/AdministrativeUnit\.associationCount/);
    expect(formatReport(report)).toMatch(/✗ \[units, associations\]|✗ \[associations, units\]/);
  });

  it('reports only what the named subgraph owns', async () => {
    const report = await runSchemaCheck({
      definitions: [withoutPopulation, associations],
      subgraph: 'associations',
      base,
      manifests: [],
      contracts,
    });
    expect(report.subgraphs).toEqual(['associations']);
    expect(report.changes).toEqual([]);
  });

  it('fails on a manifest it cannot read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'manifest-'));
    writeFileSync(
      join(root, 'persisted-documents.json'),
      JSON.stringify({ [`${'0'.repeat(64)}`]: '{ units { code } }' }),
    );
    const broken = readManifest(root, 'persisted-documents.json');
    expect(broken.errors).toEqual([`document ${'0'.repeat(64)} does not hash to its id`]);
    const report = await check(
      unitsWith((sdl) => sdl),
      [broken],
    );
    expect(report.passed).toBe(false);
  });
});
