import { checkPageSize, cursorCodec, inputError, rowConnection } from '@home-affairs/graphql';
import { personalFieldResolvers } from '@home-affairs/identity';
import { type AgencyWriteInput, writeToAgency } from '../agencies/writeToAgency.ts';
import type { PersonnelContext } from '../context.ts';
import type { SeparationRow } from '../db/schema.ts';
import {
  findSeparation,
  findSeparationPage,
  findSeparationStatistics,
  recordSeparation,
  type SeparationFilter,
  type SeparationGrouping,
  type SeparationInput,
} from './queries.ts';

/** Cursors of separation lists: the record id. */
const separationCursor = cursorCodec('separation', /[0-9]{1,12}/);

/** Resolvers of separations and their statistics. */
export const resolvers = {
  Query: {
    separations: async (
      _: unknown,
      args: { filter?: SeparationFilter | null; first?: number; after?: string },
      context: PersonnelContext,
    ) => {
      const first = checkPageSize(args.first);
      const cursor = separationCursor.decode(args.after);
      const after = cursor === undefined ? undefined : Number(cursor);
      const page = await findSeparationPage(context.db, args.filter ?? {}, first, after);
      const cursorOf = (row: { id: number }) => separationCursor.encode(String(row.id));
      return rowConnection(page, { first, after, cursorOf });
    },
    separationStatistics: async (
      _: unknown,
      args: { groupBy: SeparationGrouping; filter?: SeparationFilter | null },
      context: PersonnelContext,
    ) =>
      (await findSeparationStatistics(context.db, args.groupBy, args.filter ?? {})).map((row) => ({
        key: row.key,
        count: Number(row.count),
        totalBenefit: Number(row.totalBenefit),
      })),
  },
  Mutation: {
    recordSeparation: async (
      _: unknown,
      { input }: { input: AgencyWriteInput & SeparationInput },
      context: PersonnelContext,
    ) => {
      const { id } = await writeToAgency(context, 'recordSeparation', input, async (tx, agency) => {
        const recorded = await recordSeparation(tx, agency, input, context.today);
        return { result: { id: recorded.id }, changes: recorded.changes };
      });
      const [separation] = await findSeparation(context.db, id as number);
      if (!separation) {
        throw inputError('The separation was not found.', { field: 'input', code: 'NOT_FOUND' });
      }
      return { separation };
    },
  },
  Separation: {
    // A province-restricted writer reads the personal fields of its own province's records only.
    ...personalFieldResolvers<SeparationRow>(
      ['fullName', 'nationalId', 'birthDate'],
      (separation) => separation.provinceCode,
    ),
    agency: (separation: SeparationRow, _: unknown, context: PersonnelContext) =>
      context.loaders.agencyByCode.load(separation.agencyCode),
  },
};
