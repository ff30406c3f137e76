import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseConfig } from './databaseConfigFromEnv.ts';
import { migrationsTableOf } from './hasStoredData.ts';
import { migrationsApplied } from './migrationsApplied.ts';
import { copyPgliteTemplate } from './pgliteTemplate.ts';

/** A drizzle database over either driver; subgraph code is written against this type only. */
export type Database<TSchema extends Record<string, unknown> = Record<string, never>> = PgDatabase<
  PgQueryResultHKT,
  TSchema
>;

/** Counts the SQL statements sent through drizzle, so that tests can assert batching. */
export interface StatementCounter {
  /** Statements sent since the handle was opened. */
  readonly count: number;
  /** Runs `fn` and returns how many statements it sent along with its result. */
  measure<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
}

/** An open database with its driver-specific plumbing hidden. */
export interface DatabaseHandle<TSchema extends Record<string, unknown>> {
  db: Database<TSchema>;
  driver: 'postgres' | 'pglite';
  statements: StatementCounter;
  /**
   * Applies the drizzle-kit migrations in `folder`, holding a lock so that replicas take turns;
   * one query when every migration is already recorded (migrationsApplied).
   */
  migrate(folder: string): Promise<void>;
  /**
   * Runs `fn` while holding a Postgres advisory lock named after the subgraph, so that one-time
   * work (the first data import) runs once even when several replicas start together.
   */
  exclusively<T>(task: string, fn: (db: Database<TSchema>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * The connection pool's use (open, idle, waiting queries, maximum) for `db_pool_connections`;
   * undefined for PGlite, which is one connection inside the process.
   */
  connections(): { total: number; idle: number; waiting: number; max: number } | undefined;
  close(): Promise<void>;
}

class Counter implements StatementCounter, Logger {
  count = 0;
  logQuery(): void {
    this.count += 1;
  }
  async measure<T>(fn: () => Promise<T>) {
    const before = this.count;
    const result = await fn();
    return { result, statements: this.count - before };
  }
}

/** Opens the database described by `config` with the drizzle `schema` of one subgraph. */
export async function openDatabase<TSchema extends Record<string, unknown>>(
  config: DatabaseConfig,
  schema: TSchema,
): Promise<DatabaseHandle<TSchema>> {
  const counter = new Counter();
  const migrationConfig = (folder: string) => {
    const { schema, table } = migrationsTableOf(config.name);
    return { migrationsFolder: folder, migrationsSchema: schema, migrationsTable: table };
  };
  // A warm start's migrations are all recorded: one query says so (migrationsApplied) and the
  // migrator does not run.
  const timed = async (
    db: Database<Record<string, unknown>>,
    folder: string,
    migrate: () => Promise<void>,
  ) => {
    const started = performance.now();
    if (!(await migrationsApplied(db, migrationConfig(folder)))) await migrate();
    config.onMigrated?.(Math.round(performance.now() - started));
  };

  if (config.url) {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      application_name: config.name,
      // Without it a query waits forever for a server that does not answer (a host that is down
      // drops packets rather than refusing them).
      connectionTimeoutMillis: config.connectTimeoutMilliseconds ?? 10_000,
      // Finds a dead peer on a connection that waits for a long query's answer.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // A connection that breaks emits 'error' on its client, and an emitter's 'error' without a
    // listener crashes the process. The pool listens only on idle clients; a client checked out
    // for a transaction has no listener of its own, so every client gets one when it connects.
    // The query on the connection, if any, fails on its own, and the pool discards the client.
    const reportConnectionError = config.onConnectionError ?? (() => {});
    pool.on('connect', (client) => {
      client.on('error', reportConnectionError);
    });
    // An idle client's error is also re-emitted by the pool: already reported by the listener above.
    pool.on('error', () => {});
    const db = drizzleNodePostgres({ client: pool, schema, logger: counter });
    const exclusively = async <T>(task: string, fn: (locked: Database<TSchema>) => Promise<T>) => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${config.name}:${task}`]);
        try {
          return await fn(drizzleNodePostgres({ client, schema, logger: counter }));
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${config.name}:${task}`]);
        }
      } finally {
        client.release();
      }
    };
    return {
      db,
      driver: 'postgres',
      statements: counter,
      migrate: (folder) =>
        timed(db, folder, () =>
          exclusively('migrate', (locked) =>
            migrateNodePostgres(
              locked as Parameters<typeof migrateNodePostgres>[0],
              migrationConfig(folder),
            ),
          ),
        ),
      exclusively,
      ping: async () => {
        await db.execute(sql`SELECT 1`);
      },
      connections: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max ?? 10,
      }),
      close: () => pool.end(),
    };
  }

  if (config.dataDir && config.pgliteTemplate) {
    copyPgliteTemplate(config.pgliteTemplate, config.dataDir);
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(config.dataDir);
  const db = drizzlePglite({ client, schema, logger: counter });
  return {
    db,
    driver: 'pglite',
    statements: counter,
    // PGlite is one connection inside this process: nothing else can race it.
    migrate: (folder) => timed(db, folder, () => migratePglite(db, migrationConfig(folder))),
    exclusively: (_task, fn) => fn(db),
    ping: async () => {
      await db.execute(sql`SELECT 1`);
    },
    connections: () => undefined,
    close: () => client.close(),
  };
}
