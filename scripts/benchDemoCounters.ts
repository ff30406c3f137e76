/**
 * `pnpm bench:demo-counters`: what summing the procedures demo counters costs the first start. On
 * a copy of the procedures data of a graph started once (`pnpm start`; DATA_DIR, default
 * <repo>/.data), it reads the draws, generates the 300,000 demo dossiers' facts, then sums their
 * counters one province at a time and orders them by key over all provinces
 * (`sumDossierCounters`) and formats them as COPY text (`copyText`), as the demo-data worker does
 * (ADR 0023), ROUNDS times (default 3). Prints per
 * variant the CPU seconds of each round (summing and formatting only), the median, a hash of the
 * COPY text (the same rows in the same order give the same hash), the ratio to this checkout and
 * the load average.
 *
 * BENCH_BASELINE=<another checkout> (installed, e.g. of main) adds its `sumDossierCounters` as a
 * second variant, alternated with this one in the same process, on the same facts (a checkout
 * whose `sumDossierCounters` takes the groups, as this one's does).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyText } from '../shared/bulk-load/src/copyRows.ts';
import { dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { factsOf } from '../subgraphs/procedures/src/seed/demoDataChunks.ts';
import { readDraws } from '../subgraphs/procedures/src/seed/dossierDraws.ts';
import { dossierRow } from '../subgraphs/procedures/src/seed/dossierRows.ts';
import { demoProfile } from '../subgraphs/procedures/src/seed/generateDossiers.ts';
import { sumDossierCounters } from '../subgraphs/procedures/src/seed/sumDossierCounters.ts';
import { openProceduresDatabase } from '../subgraphs/procedures/src/server.ts';
import type { DossierFacts } from '../subgraphs/procedures/src/statistics/dossierEvents.ts';
import { median } from './benchLoad/processUsage.ts';

type Sum = typeof sumDossierCounters;
const rounds = Math.min(Math.max(Number(process.env.ROUNDS ?? 3), 1), 20);
const source = join(dataRootFromEnv(process.env), 'procedures');
if (!existsSync(source)) {
  console.error(
    `No procedures data in ${source}: run \`pnpm start\` once first (or set DATA_DIR).`,
  );
  process.exit(1);
}

/** The demo dossiers' facts by province, from the draws of a copy of the procedures data. */
async function demoFacts(): Promise<Map<string, DossierFacts[]>> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-demo-counters-'));
  try {
    cpSync(source, folder, { recursive: true });
    const handle = await openProceduresDatabase({ dataDir: folder });
    const draws = await readDraws(handle.db, demoProfile);
    await handle.close();
    const byProvince = new Map<string, DossierFacts[]>();
    for (let id = 1; id <= demoProfile.count; id += 1) {
      const row = dossierRow(id, draws);
      if (!row) continue;
      const facts = factsOf(row);
      const list = byProvince.get(facts.provinceCode);
      if (list) list.push(facts);
      else byProvince.set(facts.provinceCode, [facts]);
    }
    return byProvince;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** CPU seconds of summing and formatting every province's counters, and a hash of the text. */
function measure(sum: Sum, byProvince: Map<string, DossierFacts[]>) {
  const hash = createHash('sha256');
  const before = process.cpuUsage();
  const provinces = [...byProvince.keys()].sort().map((code) => byProvince.get(code)!);
  for (const text of copyText(sum(provinces))) hash.update(text);
  const used = process.cpuUsage(before);
  return { seconds: (used.user + used.system) / 1e6, hash: hash.digest('hex').slice(0, 16) };
}

const thisCheckout = 'this checkout';
const variants: [string, Sum][] = [[thisCheckout, sumDossierCounters]];
if (process.env.BENCH_BASELINE) {
  const baseline = resolve(process.env.BENCH_BASELINE);
  const module = (await import(
    join(baseline, 'subgraphs/procedures/src/seed/sumDossierCounters.ts')
  )) as { sumDossierCounters: Sum };
  variants.push([`baseline ${baseline}`, module.sumDossierCounters]);
}

const byProvince = await demoFacts();
const results = new Map(variants.map(([name]) => [name, [] as number[]]));
const hashes = new Map<string, string>();
for (let round = 1; round <= rounds; round += 1) {
  for (const [name, sum] of variants) {
    const { seconds, hash } = measure(sum, byProvince);
    results.get(name)!.push(seconds);
    hashes.set(name, hash);
    const load = loadavg().map((value) => value.toFixed(2));
    console.log(`round ${round} ${name}: ${seconds.toFixed(2)} s of CPU (load ${load.join(' ')})`);
  }
}
const first = median(results.get(thisCheckout)!);
console.log(`\nmedians of ${rounds} rounds (load now ${loadavg()[0]!.toFixed(2)}):`);
for (const [name] of variants) {
  const value = median(results.get(name)!);
  console.log(
    `  ${name}: ${value.toFixed(2)} s (${(value / first).toFixed(2)}× this checkout), COPY text ${hashes.get(name)}`,
  );
}
process.exit(0);
