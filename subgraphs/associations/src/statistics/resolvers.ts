import { inputError } from '@home-affairs/graphql';
import type { AssociationsContext } from '../context.ts';
import { checkFilter } from '../organizations/checkFilter.ts';
import type { OrganizationFilter } from '../organizations/queries.ts';
import { countByYear, countOrganizationGroups, type StatisticsDimension } from './queries.ts';

/** At most this many years in one `organizationStatisticsByYear` answer. */
const maxYears = 50;

/** Resolvers of the registry statistics. */
export const resolvers = {
  Query: {
    organizationStatistics: async (
      _: unknown,
      args: {
        asOf?: string | null;
        groupBy: StatisticsDimension[];
        filter?: OrganizationFilter | null;
      },
      context: AssociationsContext,
    ) => {
      checkFilter(args.filter);
      const day = args.asOf ?? context.today;
      const dimensions = [...new Set(args.groupBy)];
      const groups = await countOrganizationGroups(context.db, args.filter, day, dimensions);
      return {
        asOf: day,
        total: groups.reduce((sum, group) => sum + group.count, 0),
        groups: groups.map(({ provinceCode, ...group }) => ({
          ...group,
          province: provinceCode ? { code: provinceCode } : null,
        })),
      };
    },

    organizationStatisticsByYear: (
      _: unknown,
      args: {
        fromYear: number;
        toYear: number;
        kind?: OrganizationFilter['kind'];
        scope?: OrganizationFilter['scope'];
      },
      context: AssociationsContext,
    ) => {
      if (args.fromYear < 1900 || args.fromYear > 2100) {
        throw inputError('fromYear must be between 1900 and 2100.', { field: 'fromYear' });
      }
      if (args.toYear < args.fromYear || args.toYear - args.fromYear >= maxYears) {
        throw inputError(`toYear must be from fromYear to ${maxYears - 1} years after it.`, {
          field: 'toYear',
        });
      }
      return countByYear(context.db, args.fromYear, args.toYear, args);
    },
  },
};
