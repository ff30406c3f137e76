/**
 * `pnpm units:derive-dvhcvn`: rewrites `subgraphs/units/data/dvhcvn-2025-03-01.json`, the facts in
 * which dvhcvn's pre-2025 list differs from vietnam-provinces-js (ADR 0012). Run it after
 * upgrading either package; a unit test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deriveDvhcvnFacts } from './deriveDvhcvnFacts.ts';
import { pre2025UpdateFile } from './pre2025Update.ts';
import { readSources } from './readSources.ts';

const facts = deriveDvhcvnFacts(await readSources({ pre2025Update: false }));
writeFileSync(pre2025UpdateFile, `${JSON.stringify(facts, null, 2)}\n`);
console.log(
  `Wrote ${fileURLToPath(pre2025UpdateFile)}: ${facts.changed.provinces.length + facts.changed.districts.length + facts.changed.communes.length} units changed or added, ${facts.absent.communes.length + facts.absent.districts.length + facts.absent.provinces.length} codes absent, as of ${facts.asOf}.`,
);
