import {
  countedPeriods,
  countedScopes,
  countedUnits,
  counterNames,
  type DossierFacts,
  dossierEvents,
} from '../statistics/dossierEvents.ts';
import { dayNumber, isoDay } from './dossierDraws.ts';

const width = counterNames.length;
const counterIndex = new Map<string, number>(counterNames.map((name, index) => [name, index]));

// Numbers stand for the parts of a row's key. A period is its grain and its first day (days since
// 1970, below 2^17 until the year 2328); a unit and scope (field, procedure) pair is a unit's id
// times 2^16 plus its scope's id (a province has far fewer than 2^16 scopes and 2^20 units). A row
// is summed under its pair's id times 2^16 plus its period's id, a small integer while there are
// fewer than 2^14 pairs (V8 hashes those fastest), and sorted by the ranks of its unit and scope
// as text, its grain and its day, which stay within 2^53.
const dayBits = 2 ** 17;
const grainBits = 2;
const scopeBits = 2 ** 16;
const periodBits = 2 ** 16;

/** Ids given to codes in the order they are first seen. */
class Ids<T> {
  readonly byKey = new Map<string, number>();
  readonly values: T[] = [];
  id(key: string, value: T): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.byKey.set(key, id);
      this.values.push(value);
    }
    return id;
  }
  /** Each id's rank in the order of `compare`. */
  ranks(compare: (a: T, b: T) => number): Int32Array {
    const order = this.values
      .map((_, id) => id)
      .sort((a, b) => compare(this.values[a]!, this.values[b]!));
    const ranks = new Int32Array(order.length);
    order.forEach((id, rank) => {
      ranks[id] = rank;
    });
    return ranks;
  }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sums what `dossiers` count, by row: the ids of the parts of the keys and each row's counters. */
function sum(dossiers: Iterable<DossierFacts>) {
  const units = new Ids<string>();
  const scopes = new Ids<readonly [string, string]>();
  const pairs = new Ids<number>();
  const periodIds = new Ids<number>();
  // Per unit, province, field and procedure: the pairs its events add to, times 2^16.
  const targets = new Map<string, number[]>();
  // Per day: the ids of its day and of its month.
  const periods = new Map<string, [number, number]>();
  const rowOf = new Map<number, number>();
  let sums = new Int32Array(width * 1024);
  let rows = 0;
  for (const dossier of dossiers) {
    const targetKey = `${dossier.attributedUnitCode}|${dossier.provinceCode}|${dossier.fieldCode}|${dossier.procedureCode}`;
    let bases = targets.get(targetKey);
    if (!bases) {
      bases = [];
      for (const unit of countedUnits(dossier)) {
        for (const scope of countedScopes(dossier)) {
          const unitScope =
            units.id(unit, unit) * scopeBits + scopes.id(`${scope[0]}|${scope[1]}`, scope);
          bases.push(pairs.id(String(unitScope), unitScope) * periodBits);
        }
      }
      targets.set(targetKey, bases);
    }
    for (const event of dossierEvents(dossier)) {
      let parts = periods.get(event.day);
      if (!parts) {
        const [[, day], [, month]] = countedPeriods(event.day);
        const d = dayNumber(day);
        const m = dayBits + dayNumber(month);
        parts = [periodIds.id(String(d), d), periodIds.id(String(m), m)];
        periods.set(event.day, parts);
      }
      const counters = event.counters as Record<string, number>;
      for (let b = 0; b < bases.length; b++) {
        for (let p = 0; p < 2; p++) {
          const key = bases[b]! + parts[p]!;
          let row = rowOf.get(key);
          if (row === undefined) {
            row = rows;
            rows += 1;
            rowOf.set(key, row);
            if (rows * width > sums.length) {
              const grown = new Int32Array(sums.length * 2);
              grown.set(sums);
              sums = grown;
            }
          }
          const offset = row * width;
          for (const name in counters) sums[offset + counterIndex.get(name)!]! += counters[name]!;
        }
      }
    }
  }
  return { units, scopes, pairs, periodIds, rowOf, sums };
}

/**
 * Sums the counters of many dossiers (a bulk load) into the rows `addDossierCounters` would make,
 * with the same rules (dossierEvents, countedUnits, countedScopes, countedPeriods), but keyed by
 * numbers and summed in typed arrays: a row per key string and an object per counter cost about
 * 20 s of CPU for the 300,000 demo dossiers. Yields the rows as COPY values of
 * `dossier_statistics` (unit, field, procedure, grain, period, then `counterNames`), in key
 * order, counters of 0 included.
 */
export function* sumDossierCounters(dossiers: Iterable<DossierFacts>) {
  const { units, scopes, pairs, periodIds, rowOf, sums } = sum(dossiers);
  // Key order: unit, field, procedure (as text), grain, period.
  const unitRanks = units.ranks(byText);
  const scopeRanks = scopes.ranks((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]));
  const ordered: number[] = [];
  const keyOf = new Map<number, number>();
  for (const key of rowOf.keys()) {
    const periodId = key % periodBits;
    const unitScope = pairs.values[(key - periodId) / periodBits]!;
    const period = periodIds.values[periodId]!;
    const scopeId = unitScope % scopeBits;
    const unitId = (unitScope - scopeId) / scopeBits;
    const sortKey =
      (unitRanks[unitId]! * scopeBits + scopeRanks[scopeId]!) * grainBits * dayBits + period;
    ordered.push(sortKey);
    keyOf.set(sortKey, key);
  }
  ordered.sort((a, b) => a - b);
  for (const sortKey of ordered) {
    const key = keyOf.get(sortKey)!;
    const periodId = key % periodBits;
    const unitScope = pairs.values[(key - periodId) / periodBits]!;
    const period = periodIds.values[periodId]!;
    const scopeId = unitScope % scopeBits;
    const [fieldCode, procedureCode] = scopes.values[scopeId]!;
    const row = rowOf.get(key)! * width;
    yield [
      units.values[(unitScope - scopeId) / scopeBits]!,
      fieldCode,
      procedureCode,
      period >= dayBits ? 'M' : 'D',
      isoDay(period % dayBits),
      ...sums.subarray(row, row + width),
    ];
  }
}
