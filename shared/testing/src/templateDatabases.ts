import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Template databases of one test run on the TEST_DATABASE_URL server: a database migrated (and,
 * for the subgraphs' demo data, prepared) once, then copied with `CREATE DATABASE ... TEMPLATE`
 * for each test file, which takes a fraction of a second where migrating takes about one and
 * generating a subgraph's demo data up to a minute. The global setup (globalSetup.ts) names the
 * run in `TEST_TEMPLATE_RUN` and drops the run's templates at its end; without it (a script, a
 * run without the setup) every database is built from scratch.
 */
export const templateRunVariable = 'TEST_TEMPLATE_RUN';

/** Prefix of every template's name; the run's id follows, then a hash of what it holds. */
export const templatePrefix = 'test_tmpl_';

/** The id of this test run's templates, or undefined when templates are off. */
export function templateRun(): string | undefined {
  return process.env[templateRunVariable] || undefined;
}

/**
 * A new run id: the setup's process id in base 36 (for a later run to find dead runs' leftovers),
 * `x`, then random hex.
 * @default pid process.pid
 */
export function newTemplateRun(pid = process.pid): string {
  return `${pid.toString(36)}x${randomBytes(3).toString('hex')}`;
}

/**
 * The process id a run id names. Base 36 has an `x` of its own (process 10473 is `82x`), the hex
 * after the last `x` never: reading up to the first `x` named another, ended process, and another
 * run's setup dropped this run's templates while its tests used them.
 */
export function templateRunPid(run: string): number {
  return Number.parseInt(run.slice(0, run.lastIndexOf('x')), 36);
}

async function withAdmin<T>(serverUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Makes sure the template for `key` exists in this run, and returns its name: the first caller
 * (across the run's worker processes, under an advisory lock named after it) creates it from
 * `from` (another template) or empty, runs `build` on its URL, and marks it a template; `build`
 * must close every connection it opened. A template a crashed build left unfinished is rebuilt.
 */
export async function ensureTemplate(options: {
  serverUrl: string;
  run: string;
  key: string;
  from?: string;
  build: (url: string) => Promise<void>;
}): Promise<string> {
  const hash = createHash('sha256').update(options.key).digest('hex').slice(0, 16);
  const name = `${templatePrefix}${options.run}_${hash}`;
  await withAdmin(options.serverUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const { rows } = await admin.query<{ datistemplate: boolean }>(
        'SELECT datistemplate FROM pg_database WHERE datname = $1',
        [name],
      );
      if (rows[0]?.datistemplate) return;
      if (rows[0]) await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.query(
        `CREATE DATABASE "${name}"${options.from ? ` TEMPLATE "${options.from}"` : ''}`,
      );
      try {
        await options.build(databaseUrl(options.serverUrl, name));
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        throw error;
      }
      await admin.query(`ALTER DATABASE "${name}" IS_TEMPLATE true`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
  return name;
}

/** Drops the templates of `run`, or of every run whose process `isGone` says has ended. */
export async function dropTemplates(
  serverUrl: string,
  which: { run: string } | { isGone: (pid: number) => boolean },
): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${templatePrefix}%'`,
    );
    for (const { datname } of rows) {
      const run = datname.slice(templatePrefix.length).split('_')[0] ?? '';
      const pid = templateRunPid(run);
      const drop = 'run' in which ? run === which.run : Number.isFinite(pid) && which.isGone(pid);
      if (!drop) continue;
      await admin.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
