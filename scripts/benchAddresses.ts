/**
 * `pnpm bench:addresses`: accuracy and latency of resolving old and new Vietnamese addresses.
 *
 * Imports the real unit lists into an in-memory PGlite (as `pnpm units:report` does), builds the
 * resolver's index, then generates ADDRESS_COUNT addresses (default 1,200) from the unit lists
 * with a fixed seed (ADDRESS_SEED, default 20250701): pre-2025 three-tier and 2025 two-tier
 * forms, with full type words or the usual abbreviations (P., Q., TP., TX., H., X., TT.), short
 * province names (HN, HCM, TP.HCM), a street in front, without diacritics, with a typo, without
 * commas. Each address is resolved alone, timed; top-1 is right when the best match is the very
 * unit version the address was generated from. Prints accuracy overall and per kind of noise,
 * latency per address (p50, p95, p99) and the load average.
 */
import { loadavg } from 'node:os';
import { todayInVietnam } from '../shared/graphql/src/index.ts';
import { createLogger } from '../shared/service/src/index.ts';
import type { IndexedVersion } from '../subgraphs/units/src/addresses/addressIndex.ts';
import { loadAddressIndex } from '../subgraphs/units/src/addresses/loadAddressIndex.ts';
import { resolveAddressText } from '../subgraphs/units/src/addresses/resolveAddressText.ts';
import { canonicalTypeWord } from '../subgraphs/units/src/import/parseUnitName.ts';
import { openUnitsDatabase, prepareUnitsDatabase } from '../subgraphs/units/src/server.ts';
import { isInForce } from '../subgraphs/units/src/units/unitNode.ts';

const count = Number(process.env.ADDRESS_COUNT ?? 1200);
const seed = Number(process.env.ADDRESS_SEED ?? 20250701);

/** mulberry32: a small seeded generator, so every run generates the same addresses. */
function random(seedValue: number) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const chance = (probability: number) => next() < probability;

const handle = await openUnitsDatabase({});
await prepareUnitsDatabase(handle, createLogger('bench-addresses', 'warn'));
const index = await loadAddressIndex(handle.db);
await handle.close();

const all = [...index.versionsByCode.values()].flat();
const byId = new Map(all.map((version) => [version.id, version]));
const versionOf = (code: string | null, day: string) =>
  code === null
    ? undefined
    : index.versionsByCode.get(code)?.find((version) => isInForce(version, day));
const oldCommunes = all.filter((v) => v.level === 'COMMUNE' && v.validTo === '2025-07-01');
const newCommunes = all.filter((v) => v.level === 'COMMUNE' && v.validFrom === '2025-07-01');

// Keyed by the type word: "TP." abbreviates "Thành phố" whichever kind of city it names.
const abbreviation: Record<string, string> = {
  'Thành phố': 'TP.',
  Tỉnh: 'T.',
  Quận: 'Q.',
  Huyện: 'H.',
  'Thị xã': 'TX.',
  Phường: 'P.',
  Xã: 'X.',
  'Thị trấn': 'TT.',
  'Đặc khu': 'Đặc khu',
};
const shortProvince: Record<string, string[]> = {
  'Hà Nội': ['HN', 'Hà Nội', 'TP Hà Nội'],
  'Hồ Chí Minh': ['HCM', 'TP.HCM', 'TPHCM', 'Sài Gòn', 'TP Hồ Chí Minh'],
  'Hải Phòng': ['HP', 'Hải Phòng'],
};
const streets = ['Nguyễn Trãi', 'Trần Hưng Đạo', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Quang Trung'];

/** How a unit is written: full type word, abbreviation, or the name alone. */
function written(version: IndexedVersion, tier: 'unit' | 'district' | 'province') {
  if (tier === 'province' && shortProvince[version.name] && chance(0.6)) {
    return pick(shortProvince[version.name]!);
  }
  const form = next();
  const typeWord = canonicalTypeWord(version.type);
  if (form < 0.4) return `${typeWord} ${version.name}`;
  if (form < 0.75) {
    const short = abbreviation[typeWord]!;
    return short.endsWith('.') && chance(0.5)
      ? `${short}${version.name}`
      : `${short} ${version.name}`;
  }
  return version.name;
}

function stripDiacritics(text: string) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** One typo in a name of five letters or more: a letter replaced, dropped, doubled or swapped. */
function typo(name: string) {
  const letters = [...name];
  const positions = letters.flatMap((letter, position) =>
    /\p{L}/u.test(letter) && position > 0 ? [position] : [],
  );
  if (positions.length < 4) return name;
  const at = pick(positions);
  const kind = pick(['replace', 'drop', 'double', 'swap'] as const);
  if (kind === 'replace') letters[at] = pick([...'aeinotuhgc']);
  if (kind === 'drop') letters.splice(at, 1);
  if (kind === 'double') letters.splice(at, 0, letters[at]!);
  if (kind === 'swap' && at + 1 < letters.length && /\p{L}/u.test(letters[at + 1]!)) {
    [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  }
  return letters.join('');
}

interface Generated {
  text: string;
  expected: IndexedVersion;
  kinds: string[];
}

function generate(): Generated {
  const old = chance(0.6);
  const expected = pick(old ? oldCommunes : newCommunes);
  const day = old ? '2025-06-30' : '2025-07-01';
  const kinds = [old ? 'pre-2025 three tiers' : '2025 two tiers'];
  const district = old ? versionOf(expected.parentCode, day) : undefined;
  const province = versionOf(expected.provinceCode, day)!;
  let unitText = written(expected, 'unit');
  if (chance(0.25)) {
    const typed = typo(expected.name);
    if (typed !== expected.name) {
      unitText = unitText.replace(expected.name, typed);
      kinds.push('typo');
    }
  }
  const parts = [unitText];
  if (district) parts.push(written(district, 'district'));
  parts.push(written(province, 'province'));
  if (/\b(P|Q|TP|TX|H|X|TT|T)\./.test(parts.join(' '))) kinds.push('abbreviations');
  if (chance(0.3)) {
    parts.unshift(`Số ${1 + Math.floor(next() * 200)} ${pick(streets)}`);
    kinds.push('street');
  }
  let text = parts.join(chance(0.8) ? ', ' : ',');
  if (chance(0.1) && /^(Phường|Xã|Thị trấn|P\.|X\.|TT\.)/.test(parts[0]!)) {
    text = parts.join(' ');
    kinds.push('no commas');
  }
  if (chance(0.5)) {
    text = stripDiacritics(text);
    kinds.push('no diacritics');
  }
  if (chance(0.15)) {
    text = chance(0.5) ? text.toUpperCase() : text.toLowerCase();
    kinds.push('case');
  }
  return { text, expected, kinds };
}

const addresses = Array.from({ length: count }, generate);
const asOf = todayInVietnam();
// Warm-up: the first calls pay for the JIT, not for the resolver.
for (const address of addresses.slice(0, 50))
  resolveAddressText(index, address.text, { asOf, limit: 5 });

const latencies: number[] = [];
const byKind = new Map<string, { right: number; total: number }>();
let right = 0;
const misses: string[] = [];
const slowest: [number, string][] = [];
for (const address of addresses) {
  const started = performance.now();
  const [best] = resolveAddressText(index, address.text, { asOf, limit: 5 });
  latencies.push(performance.now() - started);
  if (process.env.ADDRESS_SLOWEST) slowest.push([latencies.at(-1)!, address.text]);
  const correct = best?.version.id === address.expected.id;
  if (correct) right += 1;
  else if (misses.length < 8) {
    const got = best ? byId.get(best.version.id) : undefined;
    misses.push(
      `  ${JSON.stringify(address.text)} → ${got ? `${got.code} ${got.name} (${got.validFrom ?? '…'}–${got.validTo ?? '…'})` : 'nothing'}, expected ${address.expected.code} ${address.expected.name}`,
    );
  }
  for (const kind of ['all', ...address.kinds]) {
    const tally = byKind.get(kind) ?? { right: 0, total: 0 };
    tally.total += 1;
    if (correct) tally.right += 1;
    byKind.set(kind, tally);
  }
}

const sorted = [...latencies].sort((a, b) => a - b);
const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(2)}%`;
console.log(
  `addresses: ${count} generated from the unit lists (seed ${seed}); index of ${all.length} versions`,
);
console.log(`top-1 accuracy: ${percent(right, count)} (${right}/${count})`);
for (const [kind, tally] of byKind) {
  if (kind !== 'all')
    console.log(`  ${kind}: ${percent(tally.right, tally.total)} of ${tally.total}`);
}
console.log(
  `latency per address: p50 ${quantile(0.5).toFixed(3)} ms, p95 ${quantile(0.95).toFixed(3)} ms, p99 ${quantile(0.99).toFixed(3)} ms, mean ${(latencies.reduce((a, b) => a + b, 0) / count).toFixed(3)} ms`,
);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const cutAnew = (address: Generated) => address.kinds.includes('no commas');
const withCommas = latencies.filter((_, position) => !cutAnew(addresses[position]!));
const withoutCommas = latencies.filter((_, position) => cutAnew(addresses[position]!));
console.log(
  `  p50 with separators ${median(withCommas).toFixed(3)} ms (${withCommas.length} addresses); without, every cut of the words read: ${median(withoutCommas).toFixed(3)} ms (${withoutCommas.length})`,
);
console.log(
  `load average (1, 5, 15 min): ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`,
);
if (misses.length > 0) console.log(`first misses:\n${misses.join('\n')}`);
if (process.env.ADDRESS_SLOWEST) {
  console.log(
    slowest
      .sort((a, b) => b[0] - a[0])
      .slice(0, 15)
      .map(([ms, text]) => `${ms.toFixed(2)} ms ${text}`)
      .join('\n'),
  );
}
