import { createHash } from 'node:crypto';
import { dayNumber, groupBy, isoDay, reformDate } from '@home-affairs/graphql';
import type { RegistryLayout } from './generateRegistry.ts';
import type { OrganizationTemplate } from './organizationTemplates.ts';

// The demo registry's plan, in JavaScript: every choice drawn from an md5 of the organisation's
// ordinal, as the set-based SQL this replaces drew it (the same rows, `pnpm data:hash`).

/** A day as a count of days since 1970-01-01 (date arithmetic in whole days, as SQL's date ± int). */
export type Day = number;

/** The calendar year of a day. */
export const yearOf = (value: Day): number => Number(isoDay(value).slice(0, 4));

/** A commune or province of the stored unit directory, as the plan reads it. */
export interface DirectoryEntry {
  snapshot: 'OLD' | 'CURRENT';
  code: string;
  level: string;
  name: string;
  searchName: string;
  parentCode: string | null;
  provinceCode: string;
  currentCode: string | null;
  currentProvinceCode: string | null;
}

/** A name template with its folded name, in the database's order of names within its kind. */
export interface OrderedTemplate extends OrganizationTemplate {
  search: string;
}

/** One organisation of the plan, with everything its rows are made from. */
export interface PlannedOrganization {
  i: number;
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  kind: OrganizationTemplate['kind'];
  scope: 'NATIONWIDE' | 'INTER_PROVINCIAL' | 'PROVINCIAL' | 'COMMUNE';
  era: 'OLD' | 'CURRENT';
  registeredOn: Day;
  endedOn: Day | null;
  suspendedOn: Day | null;
  resumedOn: Day | null;
  registrationNumber: string;
  mergedInto: string | null;
  seat: DirectoryEntry;
  template: OrderedTemplate;
  place: string;
  placeSearch: string;
}

/** The four 28-bit numbers of the md5 of `associations-demo:<i>` (hex digits 1-7, 8-14, 15-21, 22-28). */
function hashes(i: number): [number, number, number, number] {
  const m = createHash('md5').update(`associations-demo:${i}`).digest('hex');
  return [
    Number.parseInt(m.slice(0, 7), 16),
    Number.parseInt(m.slice(7, 14), 16),
    Number.parseInt(m.slice(14, 21), 16),
    Number.parseInt(m.slice(21, 28), 16),
  ];
}

const prefixes = { ASSOCIATION: 'HOI-', SOCIAL_FUND: 'QXH-', CHARITY_FUND: 'QTT-' } as const;

/** The registration number of ordinal `i` (SQL's `lpad(i::text, 6, '0')`, which also truncates). */
const registrationNumber = (kind: PlannedOrganization['kind'], i: number) =>
  prefixes[kind] + String(i).padStart(6, '0').slice(0, 6);

/**
 * Draws the plan of the registry: every organisation's kind, scope, days, seat and name. `units`
 * are the directory's communes and provinces in the database's order of codes; `templates` in the
 * database's order of names. An organisation whose province or commune is not in the directory is
 * left out, as the inner joins of the SQL left it out.
 */
export function drawRegistry(
  segments: RegistryLayout,
  units: readonly DirectoryEntry[],
  templates: readonly OrderedTemplate[],
): PlannedOrganization[] {
  const provinces = groupBy(
    units.filter((unit) => unit.level === 'PROVINCE'),
    (unit) => unit.snapshot,
  );
  const communes = units.filter((unit) => unit.level === 'COMMUNE');
  // Communes numbered nationwide (key '*') and within their province, of each snapshot.
  const communesByKey = new Map([
    ...groupBy(communes, (unit) => `${unit.snapshot}|*`),
    ...groupBy(communes, (unit) => `${unit.snapshot}|${unit.provinceCode}`),
  ]);
  const templatesByKind = groupBy(templates, (template) => template.kind);
  const planned: PlannedOrganization[] = [];
  const total =
    segments.associations + segments.funds + segments.endedBefore2025 + segments.registeredFrom2025;
  for (let i = 1; i <= total; i += 1) {
    const drawn = drawOrganization(segments, i);
    const { h1, h2, h4, era, scope } = drawn;
    const ofEra = provinces.get(era) ?? [];
    const provinceN =
      scope === 'NATIONWIDE' && h2 % 4 !== 0 ? 1 : ofEra.length === 0 ? 0 : (h1 % ofEra.length) + 1;
    const province = ofEra[provinceN - 1];
    if (!province) continue;
    const keyed = communesByKey.get(`${era}|${scope === 'COMMUNE' ? '*' : province.code}`);
    if (!keyed) continue;
    const seat = keyed[Math.floor(h2 / 100) % keyed.length]!;
    const ofKind = templatesByKind.get(drawn.kind);
    if (!ofKind) continue;
    const template = ofKind[Math.floor(h4 / 100) % ofKind.length]!;
    const [place, placeSearch] =
      scope === 'NATIONWIDE'
        ? ['Việt Nam', 'viet nam']
        : scope === 'INTER_PROVINCIAL'
          ? [`khu vực ${province.name}`, `khu vuc ${province.searchName}`]
          : scope === 'PROVINCIAL'
            ? [province.name, province.searchName]
            : [seat.name, seat.searchName];
    // Every field listed (no spread): one shape for all, and no copying of properties one by one.
    planned.push({
      i,
      h1,
      h2,
      h3: drawn.h3,
      h4,
      kind: drawn.kind,
      scope,
      era,
      registeredOn: drawn.registeredOn,
      endedOn: drawn.endedOn,
      suspendedOn: drawn.suspendedOn,
      resumedOn: drawn.resumedOn,
      registrationNumber: registrationNumber(drawn.kind, i),
      mergedInto: null,
      seat,
      template,
      place,
      placeSearch,
    });
  }
  // A merger needs a partner of the same kind that outlives it; otherwise it is a dissolution.
  for (let at = 0; at < planned.length - 1; at += 1) {
    const organization = planned[at]!;
    const next = planned[at + 1]!;
    if (
      organization.endedOn !== null &&
      organization.h4 % 100 === 3 &&
      next.kind === organization.kind &&
      next.h4 % 100 >= 10 &&
      next.registeredOn < organization.endedOn
    ) {
      organization.mergedInto = registrationNumber(organization.kind, organization.i + 1);
    }
  }
  return planned;
}

const from1990 = dayNumber('1990-01-01');
const from2024 = dayNumber('2024-01-01');
const endOf2024 = dayNumber('2024-12-31');
const from2025 = dayNumber('2025-01-01');
const march2025 = dayNumber('2025-03-01');
const reform = dayNumber(reformDate);

/**
 * Draws the organisation of ordinal `i` from its hashes: segment (associations, funds, ended
 * before 2025, registered from 2025), kind, registration, scope, era and its end, suspension and
 * resumption.
 */
function drawOrganization(segments: RegistryLayout, i: number) {
  const [h1, h2, h3, h4] = hashes(i);
  const a = segments.associations;
  const b = segments.funds;
  const segment =
    i <= a ? 'A' : i <= a + b ? 'B' : i <= a + b + segments.endedBefore2025 ? 'C' : 'D';
  const existing = segment === 'A' || segment === 'B';
  const rank = segment === 'A' ? i : segment === 'B' ? i - a : 0;
  const kind: PlannedOrganization['kind'] =
    segment === 'A'
      ? 'ASSOCIATION'
      : segment === 'B'
        ? h1 % 100 < 55
          ? 'SOCIAL_FUND'
          : 'CHARITY_FUND'
        : h1 % 100 < 90
          ? 'ASSOCIATION'
          : h1 % 100 < 95
            ? 'SOCIAL_FUND'
            : 'CHARITY_FUND';
  const registeredOn = existing
    ? from1990 + (h3 % 12784)
    : segment === 'C'
      ? from1990 + (h3 % 11300)
      : from2025 + (h3 % 690);
  const scope: PlannedOrganization['scope'] =
    segment === 'A' && rank <= segments.wideAssociations
      ? rank % 4 === 0
        ? 'INTER_PROVINCIAL'
        : 'NATIONWIDE'
      : segment === 'B' && rank <= segments.wideFunds
        ? rank % 3 === 0
          ? 'INTER_PROVINCIAL'
          : 'NATIONWIDE'
        : h2 % 100 < (kind === 'ASSOCIATION' ? 35 : 60)
          ? 'PROVINCIAL'
          : 'COMMUNE';
  const endedOn =
    segment === 'C'
      ? registeredOn + 365 + (h4 % Math.max(1, endOf2024 - registeredOn - 364))
      : existing && h4 % 100 < 4
        ? from2025 + (h1 % 690)
        : null;
  const suspended = existing && (h4 % 100 === 4 || h4 % 100 === 5);
  return {
    i,
    h1,
    h2,
    h3,
    h4,
    kind,
    scope,
    era: (registeredOn < reform ? 'OLD' : 'CURRENT') as PlannedOrganization['era'],
    registeredOn,
    endedOn,
    suspendedOn: suspended ? Math.max(registeredOn + 1, from2024 + (h1 % 365)) : null,
    resumedOn: existing && h4 % 100 === 4 ? march2025 + (h2 % 400) : null,
  };
}
