import { inputError } from '@home-affairs/graphql';
import type { ProceduresContext } from '../context.ts';
import type { Counts } from '../statistics/loaders.ts';
import { computeServiceIndex, type ServiceIndexResult } from './computeServiceIndex.ts';

/** What a `ServiceIndex` object knows: whose index, over which period, for which procedure. */
interface IndexNode {
  unitCode: string;
  provinceCode: string;
  isProvince: boolean;
  from: string;
  to: string;
  /** '' for every procedure. */
  procedureCode: string;
  fieldCode: string;
}

interface Computed extends ServiceIndexResult {
  counts: Counts;
}

// One computation per node and request, shared by `score`, `groups` and the drill-downs.
const computed = new WeakMap<IndexNode, Promise<Computed>>();

function compute(node: IndexNode, context: ProceduresContext): Promise<Computed> {
  let result = computed.get(node);
  if (!result) {
    result = (async () => {
      const [counts, publications] = await Promise.all([
        context.loaders.statisticsByKey.load({
          unitCode: node.unitCode,
          fieldCode: node.fieldCode,
          procedureCode: node.procedureCode,
          from: node.from,
          to: node.to,
        }),
        context.loaders.publicationsByKey.load({
          provinceCode: node.provinceCode,
          procedureCode: node.procedureCode,
          to: node.to,
        }),
      ]);
      return { ...computeServiceIndex(counts, publications), counts };
    })();
    computed.set(node, result);
  }
  return result;
}

function checkFirst(first: number, most: number) {
  if (!Number.isInteger(first) || first < 1 || first > most) {
    throw inputError(`first must be between 1 and ${most}.`, { field: 'first' });
  }
}

/** (100 − score) × part / whole: the points a part costs its whole. */
function lostPoints(score: number | null, part: number, whole: number): number {
  return score === null || whole === 0 ? 0 : ((100 - score) * part) / whole;
}

/** Resolvers of the service index. */
export const resolvers = {
  AdministrativeUnit: {
    serviceIndex: async (
      unit: { code: string },
      args: { from: string; to: string },
      context: ProceduresContext,
    ): Promise<IndexNode | null> => {
      if (args.from > args.to) {
        throw inputError('from must not be after to.', { field: 'from', code: 'RULE_VIOLATION' });
      }
      const known = await context.loaders.indexedUnitByCode.load(unit.code);
      if (!known) return null;
      return {
        unitCode: unit.code,
        provinceCode: known.provinceCode,
        isProvince: known.level === 'PROVINCE' && known.inForce,
        from: args.from,
        to: args.to,
        procedureCode: '',
        fieldCode: '',
      };
    },
  },
  ServiceIndex: {
    score: async (node: IndexNode, _: unknown, context: ProceduresContext) =>
      (await compute(node, context)).score,
    dossiers: async (node: IndexNode, _: unknown, context: ProceduresContext) =>
      (await compute(node, context)).counts.received,
    groups: async (node: IndexNode, _: unknown, context: ProceduresContext) =>
      (await compute(node, context)).groups,
    communes: async (node: IndexNode, args: { first: number }, context: ProceduresContext) => {
      checkFirst(args.first, 500);
      if (!node.isProvince) return [];
      const [province, codes] = await Promise.all([
        compute(node, context),
        context.loaders.communeCodesByProvince.load(node.unitCode),
      ]);
      const communes = await Promise.all(
        codes.map(async (code) => {
          const commune = await compute({ ...node, unitCode: code, isProvince: false }, context);
          return {
            unit: { code },
            score: commune.score,
            dossiers: commune.counts.received,
            lostPoints: lostPoints(
              commune.score,
              commune.counts.received,
              province.counts.received,
            ),
          };
        }),
      );
      return communes.sort((a, b) => b.lostPoints - a.lostPoints).slice(0, args.first);
    },
    procedures: async (node: IndexNode, args: { first: number }, context: ProceduresContext) => {
      checkFirst(args.first, 200);
      if (node.procedureCode) return [];
      const whole = await compute(node, context);
      const procedures = await Promise.all(
        context.catalogue.procedures.map(async (procedure) => {
          const part = await compute(
            { ...node, procedureCode: procedure.code, fieldCode: procedure.fieldCode },
            context,
          );
          return {
            procedure,
            score: part.score,
            dossiers: part.counts.received,
            lostPoints: lostPoints(part.score, part.counts.received, whole.counts.received),
          };
        }),
      );
      return procedures
        .filter((entry) => entry.dossiers > 0)
        .sort((a, b) => b.lostPoints - a.lostPoints)
        .slice(0, args.first);
    },
  },
};
