/**
 * `pnpm audit:verify` (`tsx scripts/audit.ts verify`): checks the hash chain of the gateway's
 * audit log and exits non-zero naming the first broken row. Reaches the log as `pnpm tokens`
 * does: a running local gateway, GATEWAY_URL, or the gateway's database directly.
 */
import { connectGatewayAdmin } from '../gateway/src/security/index.ts';
import { dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';

const dataRoot = dataRootFromEnv(process.env);

const [command] = process.argv.slice(2);
if (command !== 'verify') {
  console.error('usage: pnpm audit:verify');
  process.exit(2);
}
const admin = await connectGatewayAdmin(process.env, dataRoot);
try {
  const report = await admin.verifyAudit();
  if (report.ok) {
    console.log(
      `Audit log intact: ${report.rows} rows in ${admin.describe}; head ${report.headHash}.`,
    );
  } else {
    console.error(
      `Audit log broken at row ${report.brokenAt}: ${report.reason} (${report.rows} rows verified before it).`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Could not verify the audit log: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await admin.close();
}
