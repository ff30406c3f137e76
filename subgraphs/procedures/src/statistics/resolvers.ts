import { addDays, inputError } from '@home-affairs/graphql';
import type { ProceduresContext } from '../context.ts';
import type { Counts, StatisticsKey } from './loaders.ts';
import { monthEnd, periodSegments } from './periodSegments.ts';

/** A statistics object: what it counts and the counters. */
interface StatisticsNode extends Counts {
  key: StatisticsKey;
}

interface StatisticsArgs {
  from: string;
  to: string;
  unitCode?: string | null;
  fieldCode?: string | null;
  procedureCode?: string | null;
}

/**
 * Longest period statistics are asked for: the dossiers of the demo and of the national profile
 * reach back a few years, and each month of a period costs counter rows for every unit asked.
 */
export const maxPeriodYears = 10;

/** The last day of the longest period that starts on `from` (`maxPeriodYears` years, less a day). */
function lastDayOfLongestPeriod(from: string): string {
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  return addDays(
    new Date(Date.UTC(year + maxPeriodYears, month - 1, day)).toISOString().slice(0, 10),
    -1,
  );
}

/** Checks the period and the filters, and turns them into a loader key. */
function statisticsKey(
  args: StatisticsArgs,
  unitCode: string | null,
  context: ProceduresContext,
): StatisticsKey {
  if (args.from > args.to) {
    throw inputError('from must not be after to.', { field: 'from', code: 'RULE_VIOLATION' });
  }
  if (args.to > lastDayOfLongestPeriod(args.from)) {
    throw inputError(
      `The period from from to to must not be longer than ${maxPeriodYears} years.`,
      {
        field: 'to',
        details: { maximumYears: maxPeriodYears },
      },
    );
  }
  let fieldCode = args.fieldCode ?? '';
  const procedureCode = args.procedureCode ?? '';
  if (procedureCode) {
    const procedure = context.catalogue.procedureByCode.get(procedureCode);
    if (!procedure) {
      throw inputError(`Procedure ${procedureCode} is not in the catalogue.`, {
        field: 'procedureCode',
        code: 'NOT_FOUND',
      });
    }
    if (fieldCode && fieldCode !== procedure.fieldCode) {
      throw inputError(`Procedure ${procedureCode} is not in field ${fieldCode}.`, {
        field: 'fieldCode',
        code: 'RULE_VIOLATION',
      });
    }
    fieldCode = procedure.fieldCode;
  } else if (fieldCode && !context.catalogue.fieldByCode.has(fieldCode)) {
    throw inputError(`Field ${fieldCode} is not in the catalogue.`, {
      field: 'fieldCode',
      code: 'NOT_FOUND',
    });
  }
  return { unitCode, fieldCode, procedureCode, from: args.from, to: args.to };
}

async function load(context: ProceduresContext, key: StatisticsKey): Promise<StatisticsNode> {
  return { key, ...(await context.loaders.statisticsByKey.load(key)) };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Resolvers of the dossier statistics. */
export const resolvers = {
  Query: {
    procedureStatistics: (_: unknown, args: StatisticsArgs, context: ProceduresContext) =>
      load(context, statisticsKey(args, args.unitCode?.trim() || null, context)),
  },
  AdministrativeUnit: {
    __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
    procedureStatistics: (
      unit: { code: string },
      args: StatisticsArgs,
      context: ProceduresContext,
    ) => load(context, statisticsKey(args, unit.code, context)),
  },
  ProcedureStatistics: {
    from: (node: StatisticsNode) => node.key.from,
    to: (node: StatisticsNode) => node.key.to,
    receivedInPerson: (node: StatisticsNode) =>
      node.received - node.receivedOnline - node.receivedPostal,
    resolved: (node: StatisticsNode) => node.resolvedOnTime + node.resolvedLate,
    onTimeRate: (node: StatisticsNode) =>
      ratio(node.resolvedOnTime, node.resolvedOnTime + node.resolvedLate),
    onlineRate: (node: StatisticsNode) => ratio(node.receivedOnline, node.received),
    apologyCoverage: (node: StatisticsNode) => ratio(node.apologized, node.becameOverdue),
    byMonth: (node: StatisticsNode, _: unknown, context: ProceduresContext) => {
      const { months, days } = periodSegments({ from: node.key.from, to: node.key.to });
      const spans = [
        ...days,
        ...months.map((month) => ({ from: month, to: monthEnd(month) })),
      ].sort((a, b) => a.from.localeCompare(b.from));
      return spans.map(async (span) => ({
        month: span.from.slice(0, 7),
        statistics: await load(context, { ...node.key, ...span }),
      }));
    },
    byField: async (node: StatisticsNode, _: unknown, context: ProceduresContext) => {
      if (node.key.procedureCode) return [];
      const fields = node.key.fieldCode
        ? context.catalogue.fields.filter((field) => field.code === node.key.fieldCode)
        : context.catalogue.fields;
      const active = await activeEntries(context, node, fields, (field) => ({
        fieldCode: field.code,
        procedureCode: '',
      }));
      return active.map(({ entry, statistics }) => ({ field: entry, statistics }));
    },
    byProcedure: async (node: StatisticsNode, _: unknown, context: ProceduresContext) => {
      const procedures = context.catalogue.procedures.filter(
        (entry) =>
          (!node.key.fieldCode || entry.fieldCode === node.key.fieldCode) &&
          (!node.key.procedureCode || entry.code === node.key.procedureCode),
      );
      const active = await activeEntries(context, node, procedures, (procedure) => ({
        fieldCode: procedure.fieldCode,
        procedureCode: procedure.code,
      }));
      return active.map(({ entry, statistics }) => ({ procedure: entry, statistics }));
    },
  },
};

/**
 * The statistics of `node` narrowed to each of `entries` (a field, a procedure), read in one batch,
 * for the entries in which anything happened or was still open.
 */
async function activeEntries<TEntry>(
  context: ProceduresContext,
  node: StatisticsNode,
  entries: TEntry[],
  narrow: (entry: TEntry) => { fieldCode: string; procedureCode: string },
) {
  const loaded = await Promise.all(
    entries.map(async (entry) => ({
      entry,
      statistics: await load(context, { ...node.key, ...narrow(entry) }),
    })),
  );
  return loaded.filter(({ statistics }) => isActive(statistics));
}

/** Whether anything happened, or was still open, in the period. */
function isActive(node: StatisticsNode): boolean {
  return (
    node.received +
      node.resolvedOnTime +
      node.resolvedLate +
      node.returned +
      node.withdrawn +
      node.pending >
    0
  );
}
