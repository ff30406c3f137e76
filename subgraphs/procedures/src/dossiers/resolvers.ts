import { requireProvince } from '@home-affairs/identity';
import { entityTag, invalidateCache } from '@home-affairs/service';
import type { ProceduresContext } from '../context.ts';
import type { DossierRow } from '../db/schema.ts';
import { isDossierId } from './queries.ts';
import {
  type DossierChangeInput,
  issueDossierApology,
  type ReceiveInput,
  receiveDossier,
  resolveDossier,
  returnDossier,
  withdrawDossier,
} from './writeDossier.ts';

/**
 * A write's payload. It names what the write changed for the gateway's response cache: the
 * dossier, and the statistics and service index of the commune it counts under, of the unit that
 * received it and of their province (the country-wide figures are root fields, which every write
 * of this subgraph drops).
 */
function payload(context: ProceduresContext, dossier: DossierRow) {
  invalidateCache(
    context,
    entityTag('Dossier', dossier.id),
    entityTag('AdministrativeUnit', dossier.attributedUnitCode),
    entityTag('AdministrativeUnit', dossier.unitCode),
    entityTag('AdministrativeUnit', dossier.provinceCode),
  );
  return { dossier };
}

/** The resolver of a write on an existing dossier. */
function changeResolver(
  write: (context: ProceduresContext, input: DossierChangeInput) => Promise<DossierRow>,
) {
  return async (_: unknown, args: { input: DossierChangeInput }, context: ProceduresContext) =>
    payload(context, await write(context, args.input));
}

/** Resolvers of dossiers and of the writes that offices make on them. */
export const resolvers = {
  Query: {
    dossier: async (_: unknown, args: { id: string }, context: ProceduresContext) => {
      if (!isDossierId(args.id)) return null;
      const dossier = await context.loaders.dossierById.load(Number(args.id));
      // A dossier is an applicant's case: a province-restricted writer reads its province's only.
      if (dossier)
        requireProvince(context.identity, dossier.provinceCode, { access: 'readPersonal' });
      return dossier;
    },
  },
  Mutation: {
    receiveDossier: async (_: unknown, args: { input: ReceiveInput }, context: ProceduresContext) =>
      payload(context, await receiveDossier(context, args.input)),
    resolveDossier: changeResolver(resolveDossier),
    returnDossier: changeResolver(returnDossier),
    withdrawDossier: changeResolver(withdrawDossier),
    issueDossierApology: changeResolver(issueDossierApology),
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
