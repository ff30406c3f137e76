import { Gauge, type Registry } from 'prom-client';

/** A connection pool's use, as `pg.Pool` counts it. */
export interface PoolUse {
  /** Connections open, idle or in use. */
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is exhausted while this is above 0. */
  waiting: number;
  /** The most connections the pool opens. */
  max: number;
}

/**
 * `db_pool_connections{state}` (total, idle, waiting, max), read from `use()` at each scrape;
 * `use()` returns undefined for a database without a pool (embedded PGlite), which adds no series.
 */
export function databasePoolMetrics(registry: Registry, use: () => PoolUse | undefined): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connection pool: total open, idle, waiting for a connection, and the maximum.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const current = use();
      if (!current) return;
      for (const state of ['total', 'idle', 'waiting', 'max'] as const) {
        this.set({ state }, current[state]);
      }
    },
  });
}
