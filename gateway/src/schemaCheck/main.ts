/**
 * `pnpm schema:check [subgraph] [--json] [--verbose] [--base <ref>] [--days <n>]`: checks the
 * working tree's subgraphs against the supergraph of the main branch (docs/schema-checks.md).
 * Environment: SCHEMA_CHECK_BASE, SCHEMA_CHECK_USAGE_DAYS, GATEWAY_DATABASE_URL / DATABASE_URL
 * (the audit log, when set). Exit codes: 0 passed (warnings allowed), 1 failed, 2 could not run.
 */
import { openDatabase } from '@home-affairs/db';
import { parseCommandLine } from '@home-affairs/service/parseCommandLine';
import { supergraphPath } from '../composeArtifacts.ts';
import { securityTables } from '../security/db/schema.ts';
import { subgraphs } from '../subgraphs.ts';
import { findManifests } from './findManifests.ts';
import { formatReport } from './formatReport.ts';
import { type AuditUsage, readAuditUsage } from './readAuditUsage.ts';
import { resolveBase } from './resolveBase.ts';
import { runSchemaCheck } from './runSchemaCheck.ts';

/** Exit codes CI can tell apart. */
const exitCodes = { passed: 0, failed: 1, couldNotRun: 2 } as const;

const usage =
  'Usage: pnpm schema:check [subgraph] [--json] [--verbose] [--base <ref>] [--days <n>]';

function fail(message: string): never {
  console.error(`schema:check could not run: ${message}`);
  console.error(usage);
  process.exit(exitCodes.couldNotRun);
}

const args = parseCommandLine(
  {
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    base: { type: 'string' },
    days: { type: 'string' },
  },
  usage,
  fail,
);
if (args.positionals.length > 1) fail('name at most one subgraph');
const subgraph = args.positionals[0];
const names = subgraphs.map((definition) => definition.name);
if (subgraph && !names.includes(subgraph)) {
  fail(`there is no subgraph ${subgraph} (subgraphs: ${names.join(', ')})`);
}
const daysText = args.values.days ?? process.env.SCHEMA_CHECK_USAGE_DAYS ?? '30';
const days = Number(daysText);
if (!Number.isInteger(days) || days < 1 || days > 3650) {
  fail(`the usage window must be a whole number of days from 1 to 3650, not "${daysText}"`);
}

const base = resolveBase(supergraphPath, args.values.base ?? process.env.SCHEMA_CHECK_BASE);
if ('error' in base) fail(base.error);

// The audit log is read only when a gateway database is configured: an embedded PGlite folder
// belongs to the running gateway, which holds it open.
const databaseUrl = process.env.GATEWAY_DATABASE_URL ?? process.env.DATABASE_URL;
let audit: AuditUsage | undefined;
if (databaseUrl) {
  try {
    const database = await openDatabase(
      { name: 'gateway', url: databaseUrl, poolSize: 1 },
      securityTables,
    );
    try {
      audit = await readAuditUsage(database.db, days);
    } finally {
      await database.close();
    }
  } catch (error) {
    fail(`the audit log cannot be read (${(error as Error).message})`);
  }
}

const report = await runSchemaCheck({
  definitions: subgraphs,
  subgraph,
  base,
  manifests: findManifests(),
  audit,
});
console.log(args.values.json ? JSON.stringify(report, null, 2) : formatReport(report, args.values));
process.exit(report.passed ? exitCodes.passed : exitCodes.failed);
