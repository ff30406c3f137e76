import { checkPageSize, cursorCodec, rowConnection, toConnection } from '@home-affairs/graphql';
import type { PersonnelContext } from '../context.ts';
import type { AgencyRow } from '../db/schema.ts';
import {
  type AgencyFilter,
  type AgencyKind,
  type EndAgencyInput,
  endAgency,
  findAgencyPage,
} from './queries.ts';
import { type AgencyWriteInput, writeToAgency } from './writeToAgency.ts';

/** Cursors of agency lists: the agency's code. */
const agencyCursor = cursorCodec('agency', /[A-Z0-9-]{2,40}/);

function endResolver(status: 'MERGED' | 'DISSOLVED') {
  return async (
    _: unknown,
    { input }: { input: AgencyWriteInput & EndAgencyInput },
    context: PersonnelContext,
  ) => {
    const { code } = await writeToAgency(
      context,
      status === 'MERGED' ? 'mergeAgency' : 'dissolveAgency',
      input,
      async (tx, agency, locked) => {
        const successor = input.successorCode ? locked.get(input.successorCode) : undefined;
        const changes = await endAgency(tx, agency, successor, status, input);
        return { result: { code: agency.code }, changes };
      },
      { references: [{ field: 'input.successorCode', code: input.successorCode }] },
    );
    context.loaders.agencyByCode.clear(code as string);
    return { agency: await context.loaders.agencyByCode.load(code as string) };
  };
}

/** Resolvers of agencies and their place on administrative units. */
export const resolvers = {
  Query: {
    agency: (_: unknown, args: { code: string }, context: PersonnelContext) =>
      context.loaders.agencyByCode.load(args.code.trim()),

    agencies: async (
      _: unknown,
      args: { filter?: AgencyFilter | null; asOf?: string | null; first?: number; after?: string },
      context: PersonnelContext,
    ) => {
      const first = checkPageSize(args.first);
      const after = agencyCursor.decode(args.after);
      const day = args.asOf ?? context.today;
      const page = await findAgencyPage(context.db, args.filter ?? {}, day, first, after);
      return rowConnection(page, {
        first,
        after,
        cursorOf: (row) => agencyCursor.encode(row.code),
      });
    },
  },
  Mutation: {
    mergeAgency: endResolver('MERGED'),
    dissolveAgency: endResolver('DISSOLVED'),
  },
  Agency: {
    __resolveReference: (reference: { code: string }, context: PersonnelContext) =>
      context.loaders.agencyByCode.load(reference.code),
    parent: (agency: AgencyRow, _: unknown, context: PersonnelContext) =>
      agency.parentCode ? context.loaders.agencyByCode.load(agency.parentCode) : null,
    servesUnit: (agency: AgencyRow) => (agency.unitCode ? { code: agency.unitCode } : null),
    successor: (agency: AgencyRow, _: unknown, context: PersonnelContext) =>
      agency.successorCode ? context.loaders.agencyByCode.load(agency.successorCode) : null,
    statusHistory: (agency: AgencyRow, _: unknown, context: PersonnelContext) =>
      context.loaders.statusChangesByAgency.load(agency.code),
  },
  AgencyStatusChange: {
    successor: (change: { successorCode: string | null }, _: unknown, context: PersonnelContext) =>
      change.successorCode ? context.loaders.agencyByCode.load(change.successorCode) : null,
  },
  AdministrativeUnit: {
    __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
    agencies: async (
      unit: { code: string },
      args: { kind?: AgencyKind | null; first?: number; after?: string },
      context: PersonnelContext,
    ) => {
      const first = checkPageSize(args.first);
      const after = agencyCursor.decode(args.after);
      const cursorOf = (row: AgencyRow) => agencyCursor.encode(row.code);
      const toNode = (row: AgencyRow) => row;
      if (after === undefined) {
        const { rows, totalCount } = await context.loaders.firstAgenciesByUnit.load({
          unitCode: unit.code,
          kind: args.kind ?? null,
          first,
        });
        return toConnection(rows, { first, totalCount, hasPreviousPage: false, cursorOf, toNode });
      }
      const page = await findAgencyPage(
        context.db,
        { kind: args.kind ?? null, unitCode: unit.code },
        context.today,
        first,
        after,
      );
      return toConnection(page.rows, { ...page, first, hasPreviousPage: true, cursorOf, toNode });
    },
  },
};
