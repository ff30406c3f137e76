import { dayNumber, isoDay } from '@home-affairs/graphql';
import {
  countedPeriods,
  countedScopes,
  countedUnits,
  counterNames,
  type DossierFacts,
  dossierEvents,
} from '../statistics/dossierEvents.ts';

const width = counterNames.length;
const counterIndex = new Map<string, number>(counterNames.map((name, index) => [name, index]));

// Numbers stand for the parts of a row's key. A period is its grain and its first day (days since
// 1970, below 2^17 until the year 2328); a unit and scope (field, procedure) pair is a unit's id
// times 2^16 plus its scope's id (a province has far fewer than 2^16 scopes and 2^20 units). A row
// is summed under its pair's id times 2^16 plus its period's id, a small integer while there are
// fewer than 2^14 pairs (V8 hashes those fastest), and sorted by the ranks of its unit, its scope
// (as text) and its period (grain, then day) (inOrder).
const dayBits = 2 ** 17;
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

/**
 * Sums what `dossiers` count, by row: the ids of the parts of the keys and each row's counters.
 * Events are summed into their day rows only; each month row is then the sum of its day rows, so
 * the loop over events touches half the rows.
 */
function sum(dossiers: Iterable<DossierFacts>) {
  const units = new Ids<string>();
  const scopes = new Ids<readonly [string, string]>();
  const pairs = new Ids<number>();
  const periodIds = new Ids<number>();
  // Per unit, province, field and procedure: the pairs its events add to, times 2^16.
  const targets = new Map<string, number[]>();
  // Per day: the id of its day; per day id: the id of its month.
  const dayIds = new Map<string, number>();
  const monthOfDay: number[] = [];
  const rowOf = new Map<number, number>();
  const keys: number[] = [];
  let sums = new Int32Array(width * 1024);
  const rowFor = (key: number) => {
    let row = rowOf.get(key);
    if (row === undefined) {
      row = keys.length;
      keys.push(key);
      rowOf.set(key, row);
      if (keys.length * width > sums.length) {
        const grown = new Int32Array(sums.length * 2);
        grown.set(sums);
        sums = grown;
      }
    }
    return row;
  };
  // The counters of one event, as indexes into a row and the amounts to add there.
  const indexes = new Int32Array(width);
  const amounts = new Int32Array(width);
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
      let dayId = dayIds.get(event.day);
      if (dayId === undefined) {
        const [[, day], [, month]] = countedPeriods(event.day);
        const d = dayNumber(day);
        const m = dayBits + dayNumber(month);
        dayId = periodIds.id(String(d), d);
        monthOfDay[dayId] = periodIds.id(String(m), m);
        dayIds.set(event.day, dayId);
      }
      const counters = event.counters as Record<string, number>;
      let count = 0;
      for (const name in counters) {
        const amount = counters[name]!;
        if (amount === 0) continue;
        indexes[count] = counterIndex.get(name)!;
        amounts[count] = amount;
        count += 1;
      }
      for (let b = 0; b < bases.length; b++) {
        const offset = rowFor(bases[b]! + dayId) * width;
        for (let c = 0; c < count; c++) sums[offset + indexes[c]!]! += amounts[c]!;
      }
    }
  }
  // The month rows, from the day rows (a month row has the sums of its pair's days in it).
  const dayRows = keys.length;
  for (let row = 0; row < dayRows; row++) {
    const key = keys[row]!;
    const dayId = key % periodBits;
    const offset = rowFor(key - dayId + monthOfDay[dayId]!) * width;
    const from = row * width;
    for (let c = 0; c < width; c++) sums[offset + c]! += sums[from + c]!;
  }
  return { units, scopes, pairs, periodIds, keys, sums };
}

/** One group's sums, its rows in key order (`order`), and each of its units' run in that order. */
function sumInOrder(dossiers: Iterable<DossierFacts>) {
  const sums = sum(dossiers);
  const { units, scopes, pairs, periodIds, keys } = sums;
  // Key order: unit, field, procedure (as text), then grain and day (a period's number).
  const unitRanks = units.ranks(byText);
  const scopeRanks = scopes.ranks((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]));
  const periodRanks = periodIds.ranks((a, b) => a - b);
  const scopeCount = scopes.values.length;
  const periodCount = periodIds.values.length;
  const rowCount = keys.length;
  // Each row's place in key order as one number, below units × scopes × periods.
  const places = new Float64Array(rowCount);
  const unitOf = new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const key = keys[row]!;
    const periodId = key % periodBits;
    const unitScope = pairs.values[(key - periodId) / periodBits]!;
    const scopeId = unitScope % scopeBits;
    const unitId = (unitScope - scopeId) / scopeBits;
    unitOf[row] = unitId;
    places[row] =
      (unitRanks[unitId]! * scopeCount + scopeRanks[scopeId]!) * periodCount +
      periodRanks[periodId]!;
  }
  const order = inOrder(places, units.values.length * scopeCount * periodCount);
  // A unit's rows are together in key order (the unit comes first in the key).
  const runs: { unit: string; from: number; to: number }[] = [];
  const unitOfRow = (place: number) => {
    const row = order[place]!;
    return unitOf[row]!;
  };
  for (let at = 0; at < rowCount; ) {
    const unitId = unitOfRow(at);
    let to = at + 1;
    while (to < rowCount && unitOfRow(to) === unitId) to += 1;
    runs.push({ unit: units.values[unitId]!, from: at, to });
    at = to;
  }
  return { ...sums, order, runs };
}

/**
 * Sums the counters of many dossiers (a bulk load) into the rows `addDossierCounters` would make,
 * with the same rules (dossierEvents, countedUnits, countedScopes, countedPeriods), but keyed by
 * numbers and summed in typed arrays: a row per key string and an object per counter cost about
 * 20 s of CPU for the 300,000 demo dossiers. The dossiers come in `groups` (e.g. one province's
 * each) summed one at a time, which keeps each group's numbers small; no unit may be counted by
 * two groups (a province's units count its own dossiers only), or it throws. Yields the rows of
 * every group as COPY values of `dossier_statistics` (unit, field, procedure, grain, period, then
 * `counterNames`), in one key order over all groups (a primary key built after the rows sorts
 * them faster so, ADR 0023), counters of 0 included.
 */
export function* sumDossierCounters(groups: Iterable<Iterable<DossierFacts>>) {
  const summed = Array.from(groups, sumInOrder);
  const runs = summed.flatMap((group, index) => group.runs.map((run) => ({ ...run, index })));
  runs.sort((a, b) => byText(a.unit, b.unit));
  for (let r = 1; r < runs.length; r++) {
    if (runs[r]!.unit === runs[r - 1]!.unit) {
      throw new Error(`sumDossierCounters: unit ${runs[r]!.unit} is counted in two groups`);
    }
  }
  for (const { index, from, to } of runs) {
    const { pairs, periodIds, scopes, units, keys, sums, order } = summed[index]!;
    for (let at = from; at < to; at++) {
      const row = order[at]!;
      const key = keys[row]!;
      const periodId = key % periodBits;
      const unitScope = pairs.values[(key - periodId) / periodBits]!;
      const period = periodIds.values[periodId]!;
      const scopeId = unitScope % scopeBits;
      const [fieldCode, procedureCode] = scopes.values[scopeId]!;
      const offset = row * width;
      const values: (string | number)[] = [
        units.values[(unitScope - scopeId) / scopeBits]!,
        fieldCode,
        procedureCode,
        period >= dayBits ? 'M' : 'D',
        isoDay(period % dayBits),
      ];
      for (let c = 0; c < width; c++) values.push(sums[offset + c]!);
      yield values;
    }
  }
}

/**
 * The indexes of `places` (distinct whole numbers below `space`) in the order of their values:
 * sorted as numbers with the index in their low digits (a typed array's own sort, no comparator)
 * while that stays exact, by a comparator otherwise.
 */
export function inOrder(places: Float64Array, space: number): Int32Array {
  const count = places.length;
  if (space * count <= Number.MAX_SAFE_INTEGER) {
    const packed = places.map((place, index) => place * count + index).sort();
    return Int32Array.from(packed, (value) => value % count);
  }
  return Int32Array.from(places.keys()).sort((a, b) => places[a]! - places[b]!);
}
