import { mix32 } from './mix32.ts';

/** A unit that receives dossiers, with its province's propensities (numbers in [0, 1)). */
export interface SeedUnit {
  code: string;
  currentCode: string;
  currentProvinceCode: string;
  onlineRate: number;
  onTimeRate: number;
  apologyRate: number;
  digitizeRate: number;
  payRate: number;
  resultRate: number;
  ratingRate: number;
  satisfiedRate: number;
}

/** One weighted draw of a procedure at a level (a procedure of weight w has w slots per level). */
export interface SeedSlot {
  code: string;
  level: string;
  fieldCode: string;
  processingDays: number;
  onlineAvailability: 'FULL' | 'PARTIAL' | 'NONE';
  feeVnd: number;
}

/** What the draws of one era (before or from the two-tier day) choose among. */
export interface SeedEra {
  slots: SeedSlot[];
  /** Units in force in the era, by level, ordered by code. */
  units: Map<string, SeedUnit[]>;
}

/** Everything a dossier's draws depend on besides its id. */
export interface DossierDraws {
  /** Working days of the receipt span, in order: consecutive ordinals. */
  receiptDays: { day: number; ordinal: number }[];
  /** Every working day of the calendar by ordinal, for due days. */
  workingDayByOrdinal: Map<number, number>;
  /** The first day of the two-tier model, as a day number. */
  twoTierDay: number;
  /** Dossiers closing after this day are still pending. */
  cutoff: number;
  old: SeedEra;
  current: SeedEra;
}

/**
 * One generated dossier, in the column order of `dossierColumns` (`generateDossiers.ts`); days as
 * day numbers.
 */
export type DossierRow = [
  id: number,
  procedureCode: string,
  unitCode: string,
  attributedUnitCode: string,
  provinceCode: string,
  fieldCode: string,
  channel: 'ONLINE' | 'IN_PERSON' | 'POSTAL',
  receivedOn: number,
  dueOn: number,
  closedOn: number | null,
  outcome: 'PENDING' | 'ON_TIME' | 'LATE' | 'RETURNED' | 'WITHDRAWN',
  apologyIssuedOn: number | null,
  apologyReason: string | null,
  apologyNewDueOn: number | null,
  digitized: boolean,
  feePayable: boolean,
  feePaidOnline: boolean,
  resultDigitized: boolean,
  satisfaction: number | null,
  synthetic: true,
];

// A draw's salt is its position in the generators' salt list: day, slot, unit, channel,
// outcome, speed, apology, digitize, pay, result, rate, satisfy.
const salt = {
  day: 0,
  slot: 1,
  unit: 2,
  channel: 3,
  outcome: 4,
  speed: 5,
  apology: 6,
  digitize: 7,
  pay: 8,
  result: 9,
  rate: 10,
  satisfy: 11,
} as const;

const apologyReason = 'Hồ sơ cần xác minh thêm (synthetic)';

/**
 * The dossier of id `id`, or undefined when its due day falls beyond the calendar: procedure by
 * weight among those implemented on the receipt day, receiving unit among the units in force that
 * day at the procedure's level, channel and outcome by the province's propensities, due day from
 * the working-day calendar. Every number is drawn from the id alone (`mix32`).
 */
export function dossierRow(id: number, draws: DossierDraws): DossierRow | undefined {
  const h = (name: keyof typeof salt) => mix32(id, salt[name]);
  const receipt = draws.receiptDays[Math.floor(h('day') * draws.receiptDays.length)]!;
  const era = receipt.day < draws.twoTierDay ? draws.old : draws.current;
  const slot = era.slots[Math.floor(h('slot') * era.slots.length)]!;
  const units = era.units.get(slot.level)!;
  const unit = units[Math.floor(h('unit') * units.length)]!;
  const dueOn = draws.workingDayByOrdinal.get(receipt.ordinal + slot.processingDays);
  if (dueOn === undefined) return undefined;

  const hChannel = h('channel');
  const hOutcome = h('outcome');
  const hSpeed = h('speed');
  const partial = slot.onlineAvailability === 'PARTIAL' ? 0.8 : 1;
  const channel =
    slot.onlineAvailability !== 'NONE' && hChannel < unit.onlineRate * partial
      ? 'ONLINE'
      : hChannel > 0.97
        ? 'POSTAL'
        : 'IN_PERSON';
  const planned =
    hOutcome < 0.01
      ? 'WITHDRAWN'
      : hOutcome < 0.04
        ? 'RETURNED'
        : hOutcome < 0.04 + 0.96 * unit.onTimeRate
          ? 'ON_TIME'
          : 'LATE';
  const plannedClose =
    planned === 'LATE'
      ? dueOn + 1 + Math.floor(hSpeed * 20)
      : receipt.day + Math.floor(hSpeed * (dueOn - receipt.day + 1));
  const closed = plannedClose <= draws.cutoff;
  const apology = plannedClose > dueOn && dueOn < draws.cutoff && h('apology') < unit.apologyRate;
  const resolved = closed && (planned === 'ON_TIME' || planned === 'LATE');
  const hRate = h('rate');
  let satisfaction: number | null = null;
  if (resolved && hRate < unit.ratingRate) {
    // Late dossiers are rated satisfied less often.
    satisfaction =
      h('satisfy') < unit.satisfiedRate * (planned === 'LATE' ? 0.6 : 1)
        ? 4 + Math.floor((hRate / unit.ratingRate) * 2)
        : 1 + Math.floor(hSpeed * 3);
  }
  const feePayable = slot.feeVnd > 0;
  return [
    id,
    slot.code,
    unit.code,
    unit.currentCode,
    unit.currentProvinceCode,
    slot.fieldCode,
    channel,
    receipt.day,
    dueOn,
    closed ? plannedClose : null,
    closed ? planned : 'PENDING',
    apology ? dueOn : null,
    apology ? apologyReason : null,
    apology ? dueOn + 15 : null,
    channel === 'ONLINE' || h('digitize') < unit.digitizeRate,
    feePayable,
    // Online filings pay online at the portal's rate; at the counter, a tenth of that.
    feePayable && h('pay') < unit.payRate * (channel === 'ONLINE' ? 1 : 0.1),
    resolved && h('result') < unit.resultRate,
    satisfaction,
    true,
  ];
}
