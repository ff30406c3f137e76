import { checkPageSize, cursorCodec, toConnection } from '@home-affairs/graphql';
import type { UnitsContext } from '../context.ts';
import { findUnitChanges } from './queries.ts';

/** Largest page of the feed: a follower catching up reads 1,000 entries a request. */
export const maxUnitChangesPage = 1000;

/** Cursors of the feed: the entry's sequence. */
export const unitChangeCursor = cursorCodec('unit-change', /\d{1,15}/);

/** Resolvers of the unit change feed. */
export const resolvers = {
  Query: {
    unitChanges: async (
      _: unknown,
      args: { after?: string | null; first?: number | null },
      context: UnitsContext,
    ) => {
      const first = checkPageSize(args.first, maxUnitChangesPage);
      const after = unitChangeCursor.decode(args.after);
      const afterSequence = after === undefined ? undefined : Number(after);
      const { entries, totalCount, headSequence } = await findUnitChanges(
        context.db,
        afterSequence,
        first + 1,
      );
      const connection = toConnection(entries, {
        first,
        totalCount,
        hasPreviousPage: afterSequence !== undefined,
        cursorOf: (entry) => unitChangeCursor.encode(String(entry.sequence)),
        toNode: (entry) => entry,
      });
      // A follower that is up to date polls again with the cursor it has.
      if (connection.pageInfo.endCursor === null && args.after != null) {
        connection.pageInfo.endCursor = args.after;
      }
      return {
        ...connection,
        headCursor: headSequence === null ? null : unitChangeCursor.encode(String(headSequence)),
      };
    },
  },
};
