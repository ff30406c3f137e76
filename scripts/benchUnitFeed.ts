/**
 * `pnpm bench:unit-feed`: what the triggers that record the feed of unit changes cost the first
 * import. Imports the real unit lists (and the shipped change sets) into a fresh in-memory PGlite
 * with the triggers and without them (dropped after migrating), alternately, RUNS times each
 * (default 3); prints each run, the medians, their ratio and the load average.
 */
import { loadavg } from 'node:os';
import { selectRows } from '../shared/db/src/index.ts';
import { createLogger } from '../shared/service/src/index.ts';
import { ensureUnitsImported } from '../subgraphs/units/src/import/ensureUnitsImported.ts';
import { migrationsFolder, openUnitsDatabase } from '../subgraphs/units/src/server.ts';

const runs = Number(process.env.RUNS ?? 3);
const triggers = [
  ['administrative_units_inserted', 'administrative_units'],
  ['administrative_units_updated', 'administrative_units'],
  ['administrative_units_deleted', 'administrative_units'],
  ['unit_transitions_inserted', 'unit_transitions'],
  ['unit_transitions_updated', 'unit_transitions'],
  ['unit_transitions_deleted', 'unit_transitions'],
] as const;

const times = { with: [] as number[], without: [] as number[] };
for (let run = 0; run < runs; run += 1) {
  for (const variant of ['with', 'without'] as const) {
    const handle = await openUnitsDatabase({});
    try {
      await handle.migrate(migrationsFolder);
      if (variant === 'without') {
        for (const [trigger, table] of triggers) {
          await selectRows(handle.db, `DROP TRIGGER ${trigger} ON units.${table}`);
        }
      }
      const started = performance.now();
      await ensureUnitsImported(handle, createLogger('bench-unit-feed', 'warn'));
      times[variant].push(performance.now() - started);
    } finally {
      await handle.close();
    }
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const format = (values: number[]) => values.map((value) => `${Math.round(value)} ms`).join(', ');
console.log(
  `first import with the feed's triggers:    ${format(times.with)}; median ${Math.round(median(times.with))} ms`,
);
console.log(
  `first import without the feed's triggers: ${format(times.without)}; median ${Math.round(median(times.without))} ms`,
);
console.log(`ratio of medians: ${(median(times.with) / median(times.without)).toFixed(2)}`);
console.log(
  `load average (1, 5, 15 min): ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`,
);
