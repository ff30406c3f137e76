import { checkPageSize, cursorCodec, toConnection } from '@home-affairs/graphql';
import type { ProceduresContext } from '../context.ts';
import {
  agencyCompetence,
  type CatalogueEntry,
  type FieldRow,
  type LevelRow,
  levelInForce,
  statusOn,
} from './queries.ts';

/** Cursors of procedure lists: the procedure's code. */
const procedureCursor = cursorCodec('procedure', /[0-9.]+/);

function page(entries: CatalogueEntry[], args: { first?: number | null; after?: string | null }) {
  const first = checkPageSize(args.first);
  const after = procedureCursor.decode(args.after);
  const rest = after === undefined ? entries : entries.filter((entry) => entry.code > after);
  return toConnection(rest.slice(0, first + 1), {
    first,
    totalCount: entries.length,
    hasPreviousPage: after !== undefined,
    cursorOf: (entry) => procedureCursor.encode(entry.code),
    toNode: (entry) => entry,
  });
}

interface ProceduresArgs {
  fieldCode?: string | null;
  level?: LevelRow['level'] | null;
  status?: CatalogueEntry['statusHistory'][number]['status'] | null;
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Resolvers of the procedure catalogue and of the procedures an agency is competent for. */
export const resolvers = {
  Query: {
    procedure: (_: unknown, args: { code: string }, context: ProceduresContext) =>
      context.catalogue.procedureByCode.get(args.code.trim()) ?? null,

    procedures: (_: unknown, args: ProceduresArgs, context: ProceduresContext) => {
      const day = args.asOf ?? context.today;
      const entries = context.catalogue.procedures.filter(
        (entry) =>
          (!args.fieldCode || entry.fieldCode === args.fieldCode) &&
          (!args.level ||
            entry.levels.some((level) => level.level === args.level && levelInForce(level, day))) &&
          (!args.status || statusOn(entry, day) === args.status),
      );
      return page(entries, args);
    },

    procedureFields: (_: unknown, __: unknown, context: ProceduresContext) =>
      context.catalogue.fields,
  },
  ProcedureField: {
    ministry: (field: FieldRow) => ({ code: field.ministryCode }),
  },
  Procedure: {
    field: (entry: CatalogueEntry, _: unknown, context: ProceduresContext) =>
      context.catalogue.fieldByCode.get(entry.fieldCode),
    levels: (entry: CatalogueEntry, args: { asOf?: string | null }, context: ProceduresContext) =>
      entry.levels.filter((level) => levelInForce(level, args.asOf ?? context.today)),
    levelHistory: (entry: CatalogueEntry) => entry.levels,
    status: (entry: CatalogueEntry, args: { asOf?: string | null }, context: ProceduresContext) =>
      // Before its publication a procedure was not yet in force; the catalogue starts in force.
      statusOn(entry, args.asOf ?? context.today) ?? 'IN_FORCE',
    statusHistory: (entry: CatalogueEntry) => entry.statusHistory,
  },
  Agency: {
    __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
    procedures: (
      agency: { code: string },
      args: { asOf?: string | null; first?: number | null; after?: string | null },
      context: ProceduresContext,
    ) => {
      const competence = agencyCompetence(agency.code);
      const day = args.asOf ?? context.today;
      const entries = competence
        ? context.catalogue.procedures.filter(
            (entry) =>
              statusOn(entry, day) !== 'ABOLISHED' &&
              entry.levels.some(
                (level) =>
                  level.level === competence.level &&
                  level.agencyKind === competence.agencyKind &&
                  levelInForce(level, day),
              ),
          )
        : [];
      return page(entries, args);
    },
  },
};
