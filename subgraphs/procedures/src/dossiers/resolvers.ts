import type { ProceduresContext } from '../context.ts';
import type { DossierRow } from '../db/schema.ts';
import {
  type DossierChangeInput,
  issueDossierApology,
  type ReceiveInput,
  receiveDossier,
  resolveDossier,
  returnDossier,
  withdrawDossier,
} from './writeDossier.ts';

function writeContext(context: ProceduresContext) {
  return {
    db: context.db,
    identity: context.identity,
    catalogue: context.catalogue,
    today: context.today,
  };
}

const payload = (dossier: DossierRow) => ({ dossier });

/** Resolvers of dossiers and of the writes that offices make on them. */
export const resolvers = {
  Query: {
    dossier: (_: unknown, args: { id: string }, context: ProceduresContext) =>
      /^[1-9]\d{0,15}$/.test(args.id) ? context.loaders.dossierById.load(Number(args.id)) : null,
  },
  Mutation: {
    receiveDossier: async (_: unknown, args: { input: ReceiveInput }, context: ProceduresContext) =>
      payload(await receiveDossier(writeContext(context), args.input)),
    resolveDossier: async (
      _: unknown,
      args: { input: DossierChangeInput },
      context: ProceduresContext,
    ) => payload(await resolveDossier(writeContext(context), args.input)),
    returnDossier: async (
      _: unknown,
      args: { input: DossierChangeInput },
      context: ProceduresContext,
    ) => payload(await returnDossier(writeContext(context), args.input)),
    withdrawDossier: async (
      _: unknown,
      args: { input: DossierChangeInput },
      context: ProceduresContext,
    ) => payload(await withdrawDossier(writeContext(context), args.input)),
    issueDossierApology: async (
      _: unknown,
      args: { input: DossierChangeInput },
      context: ProceduresContext,
    ) => payload(await issueDossierApology(writeContext(context), args.input)),
  },
  Dossier: {
    id: (row: DossierRow) => String(row.id),
    procedure: (row: DossierRow, _: unknown, context: ProceduresContext) =>
      context.catalogue.procedureByCode.get(row.procedureCode),
    receivingUnit: (row: DossierRow) => ({ code: row.unitCode }),
    countedUnder: (row: DossierRow) => ({ code: row.attributedUnitCode }),
    apology: (row: DossierRow) =>
      row.apologyIssuedOn === null
        ? null
        : {
            issuedOn: row.apologyIssuedOn,
            reason: row.apologyReason,
            newDueOn: row.apologyNewDueOn,
          },
  },
};
