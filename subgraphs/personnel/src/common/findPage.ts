import { and, count, type SQL } from 'drizzle-orm';
import type { agencies, separations } from '../db/schema.ts';
import type { PersonnelDatabase } from './personnelDatabase.ts';

/** The tables listed a page at a time. */
type PagedTable = typeof agencies | typeof separations;

/**
 * One page of the rows of `table` that match `where`: up to `first + 1` rows (so that the
 * connection sees whether a page follows) past the cursor condition `after`, in `order`, and the
 * number matching. A page of 0 rows reads only the number.
 */
export async function findPage<TTable extends PagedTable>(
  db: PersonnelDatabase,
  table: TTable,
  page: { where: SQL | undefined; after: SQL | undefined; order: SQL; first: number },
): Promise<{ rows: TTable['$inferSelect'][]; totalCount: number }> {
  // drizzle types a select from the union of the tables, not from a type parameter.
  const from = table as PagedTable;
  const [rows, [total]] = await Promise.all([
    page.first === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(from)
          .where(and(page.where, page.after))
          .orderBy(page.order)
          .limit(page.first + 1),
    db.select({ value: count() }).from(from).where(page.where),
  ]);
  return { rows, totalCount: total?.value ?? 0 };
}
