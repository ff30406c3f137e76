import { isProcessAlive } from '@home-affairs/service/processLock';
import { dropTemplates, newTemplateRun, templateRunVariable } from './templateDatabases.ts';

/** Whether process `pid` has ended (on this machine). */
const isGone = (pid: number) => !isProcessAlive(pid);

/**
 * Vitest's global setup: on real Postgres (TEST_DATABASE_URL), names this run's template
 * databases (templateDatabases.ts) for the test workers, which inherit the variable, after
 * dropping those of runs whose process has ended without cleaning up; the teardown drops this
 * run's. Each project runs it; the first one's run is everyone's.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl || process.env[templateRunVariable]) return undefined;
  const run = newTemplateRun();
  await dropTemplates(serverUrl, { isGone });
  process.env[templateRunVariable] = run;
  return async () => {
    await dropTemplates(serverUrl, { run });
    delete process.env[templateRunVariable];
  };
}
