import type { PersonnelContext } from '../context.ts';

/** Resolvers of the specialist coverage of commune-level units. */
export const resolvers = {
  AdministrativeUnit: {
    specialistShortages: async (unit: { code: string }, _: unknown, context: PersonnelContext) =>
      (await context.loaders.specialistCoverageByUnit.load(unit.code)).map((row) => ({
        ...row,
        shortage: Math.max(row.required - row.assigned, 0),
      })),
  },
};
