/**
 * `pnpm units:report` (root) or `pnpm --filter @home-affairs/units import:report`: prints the
 * import report and the cross-check against the independent reference data.
 *
 * Without UNITS_DATABASE_URL / DATABASE_URL it imports afresh into an in-memory PGlite (and
 * applies the shipped change sets), so the report describes exactly what the installed packages
 * and this code produce. With a URL it reads the last import run of that database instead and
 * writes nothing. The reference folder is `../shared/reference-data` beside the repository root
 * (REFERENCE_DATA_DIR overrides it); the cross-check is skipped, with a note, when it is absent.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseConfigFromEnv } from '@home-affairs/db';
import { createLogger } from '@home-affairs/service';
import { openUnitsDatabase, prepareUnitsDatabase } from '../server.ts';
import { crossCheckReference, formatCrossCheck } from './crossCheckReference.ts';
import { formatImportReport, loadImportReport } from './loadImportReport.ts';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const referenceFolder = resolve(
  process.env.REFERENCE_DATA_DIR ?? resolve(repositoryRoot, '../shared/reference-data'),
);

// Only the URL: without one the report runs on an in-memory PGlite, not the subgraph's data folder.
const { url } = databaseConfigFromEnv('units', process.env);
const handle = await openUnitsDatabase({ url });
try {
  if (!url) {
    // Progress lines are logged at info; warn keeps stdout to the report unless LOG_LEVEL says so.
    await prepareUnitsDatabase(handle, createLogger('units', process.env.LOG_LEVEL ?? 'warn'));
  }
  const report = await loadImportReport(handle.db);
  if (!report) {
    console.error(
      'No import run in this database: start the units subgraph once, or unset DATABASE_URL.',
    );
    process.exitCode = 1;
  } else {
    console.log(formatImportReport(report));
    const crossCheck = await crossCheckReference(handle.db, referenceFolder);
    console.log(
      crossCheck
        ? formatCrossCheck(crossCheck)
        : `Cross-check skipped: no reference data at ${referenceFolder}.`,
    );
  }
} finally {
  await handle.close();
}
