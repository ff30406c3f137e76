import { checkPageSize, cursorCodec, rowConnection } from '@home-affairs/graphql';
import { asc, count, gt } from 'drizzle-orm';
import type { UnitsContext } from '../context.ts';
import { type UnitCorrectionRow, unitCorrections } from '../db/schema.ts';
import { toUnitNode } from '../units/unitNode.ts';
import {
  type CorrectionBase,
  type MergeUnitsInput,
  mergeUnits,
  type RecordLineageLinksInput,
  type RenameUnitInput,
  type RetypeUnitInput,
  recordLineageLinks,
  renameUnit,
  retypeUnit,
  type SplitUnitInput,
  splitUnit,
} from './correctionWrites.ts';
import type { HistoryChanges, LinkChange, VersionChange } from './HistoryEditor.ts';
import { runCorrection } from './runCorrection.ts';

type Write<TInput> = Parameters<typeof runCorrection<TInput & CorrectionBase>>[0]['write'];

/** A correction mutation: validates, runs (or dry-runs) the write, answers its changes. */
function mutation<TInput extends CorrectionBase>(operation: string, write: Write<TInput>) {
  return (
    _: unknown,
    args: { input: TInput & { idempotencyKey: string; dryRun?: boolean | null } },
    context: UnitsContext,
  ) =>
    runCorrection<TInput>({
      db: context.db,
      identity: context.identity,
      today: context.today,
      operation,
      input: args.input,
      write,
    });
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Cursors of the history: the correction's id. */
const correctionCursor = cursorCodec('correction', /\d{1,10}/);

/** The most corrections one page returns. */
const maxCorrectionsPage = 500;

/** Resolvers of the corrections: the five mutations, their payloads and the history. */
export const resolvers = {
  Query: {
    unitCorrections: async (_: unknown, args: PageArgs, context: UnitsContext) => {
      const first = checkPageSize(args.first, maxCorrectionsPage);
      const after = correctionCursor.decode(args.after);
      const rows = await context.db
        .select()
        .from(unitCorrections)
        .where(after === undefined ? undefined : gt(unitCorrections.id, Number(after)))
        .orderBy(asc(unitCorrections.id))
        .limit(first + 1);
      const [total] = await context.db.select({ n: count() }).from(unitCorrections);
      return rowConnection(
        { rows, totalCount: total?.n ?? 0 },
        { first, after, cursorOf: (row) => correctionCursor.encode(String(row.id)) },
      );
    },
  },
  Mutation: {
    recordLineageLinks: mutation<RecordLineageLinksInput>('recordLineageLinks', recordLineageLinks),
    renameUnit: mutation<RenameUnitInput>('renameUnit', renameUnit),
    retypeUnit: mutation<RetypeUnitInput>('retypeUnit', retypeUnit),
    mergeUnits: mutation<MergeUnitsInput>('mergeUnits', mergeUnits),
    splitUnit: mutation<SplitUnitInput>('splitUnit', splitUnit),
  },
  UnitCorrection: {
    recordedAt: (row: UnitCorrectionRow) => row.recordedAt.toISOString(),
  },
  UnitHistoryChanges: {
    reattributedFrom: async (changes: HistoryChanges, _: unknown, context: UnitsContext) => {
      const rows = await Promise.all(
        changes.reattributedFrom.map((code) =>
          context.loaders.unitByCode.load({ code, asOf: context.today }),
        ),
      );
      return rows.flatMap((row) => (row ? [toUnitNode(row, context.today)] : []));
    },
  },
  UnitVersionChange: {
    previousType: (change: VersionChange) => change.previous?.type ?? null,
    officialName: (change: VersionChange) => change.fullName,
    previousOfficialName: (change: VersionChange) => change.previous?.fullName ?? null,
    previousValidTo: (change: VersionChange) => change.previous?.validTo ?? null,
  },
  LineageLinkChange: {
    previousShare: (change: LinkChange) => change.previous?.share ?? null,
    previousResolution: (change: LinkChange) => change.previous?.resolution ?? null,
  },
};
