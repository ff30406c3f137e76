import type { TemplateNames } from './templateNames.ts';

/** The template of `src/offices/queries.ts`. */
function srcOfficesQueriesTs({ Name }: TemplateNames): string {
  return `import type { Database } from '@home-affairs/db';
import { and, count, eq, gt, inArray } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { offices } from '../db/schema.ts';

/** The database of this subgraph, on either driver. */
export type ${Name}Database = Database<typeof schema>;

/** The offices with these codes. */
export function findOffices(db: ${Name}Database, codes: readonly string[]) {
  return db.select().from(offices).where(inArray(offices.code, [...codes]));
}

/** The offices seated in these units, in code order. */
export function findOfficesOfUnits(db: ${Name}Database, unitCodes: readonly string[]) {
  return db
    .select()
    .from(offices)
    .where(inArray(offices.unitCode, [...unitCodes]))
    .orderBy(offices.code);
}

/** One page of offices in code order after \`after\` (one extra row), and how many match. */
export async function findOfficePage(
  db: ${Name}Database,
  unitCode: string | undefined,
  first: number,
  after: string | undefined,
) {
  const seated = unitCode === undefined ? undefined : eq(offices.unitCode, unitCode);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(offices)
      .where(and(seated, after === undefined ? undefined : gt(offices.code, after)))
      .orderBy(offices.code)
      .limit(first + 1),
    db.select({ count: count() }).from(offices).where(seated),
  ]);
  return { rows, totalCount: total?.count ?? 0 };
}
`;
}

/** The template of `src/offices/loaders.ts`. */
function srcOfficesLoadersTs({ Name }: TemplateNames): string {
  return `import { groupBy } from '@home-affairs/graphql';
import DataLoader from 'dataloader';
import type { OfficeRow } from '../db/schema.ts';
import { type ${Name}Database, findOffices, findOfficesOfUnits } from './queries.ts';

/** Loads offices by code: one statement per batch. */
export function officeByCode(db: ${Name}Database) {
  return new DataLoader<string, OfficeRow | null>(async (codes) => {
    const byCode = new Map((await findOffices(db, codes)).map((row) => [row.code, row]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}

/** Loads the offices of many units: one statement per batch. */
export function officesByUnit(db: ${Name}Database) {
  return new DataLoader<string, OfficeRow[]>(async (unitCodes) => {
    const byUnit = groupBy(await findOfficesOfUnits(db, unitCodes), (row) => row.unitCode);
    return unitCodes.map((code) => byUnit.get(code) ?? []);
  });
}
`;
}

/** The template of `src/offices/resolvers.ts`. */
function srcOfficesResolversTs({ name, Name }: TemplateNames): string {
  return `import {
  checkPageSize,
  cursorCodec,
  inputError,
  rowConnection,
} from '@home-affairs/graphql';
import type { ${Name}Context } from '../context.ts';
import type { OfficeRow } from '../db/schema.ts';
import { findOfficePage } from './queries.ts';

/** Cursors of office lists: the office code. */
const officeCursor = cursorCodec('office', /[A-Z0-9-]{1,40}/);

/** Official unit codes: 2 digits (province), 3 (district, before July 2025) or 5 (commune). */
const unitCodePattern = /^([0-9]{2}|[0-9]{3}|[0-9]{5})$/;

/** Resolvers of the offices feature. */
export const resolvers = {
  Query: {
    ${name}Office: (_: unknown, { code }: { code: string }, context: ${Name}Context) =>
      context.loaders.officeByCode.load(code),
    ${name}Offices: async (
      _: unknown,
      args: { unitCode?: string | null; first?: number | null; after?: string | null },
      context: ${Name}Context,
    ) => {
      if (args.unitCode != null && !unitCodePattern.test(args.unitCode)) {
        throw inputError('unitCode must be an official unit code of 2, 3 or 5 digits.', {
          field: 'unitCode',
        });
      }
      const first = checkPageSize(args.first);
      const after = officeCursor.decode(args.after);
      const page = await findOfficePage(context.db, args.unitCode ?? undefined, first, after);
      const cursorOf = (row: OfficeRow) => officeCursor.encode(row.code);
      return rowConnection(page, { first, after, cursorOf });
    },
  },
  ${Name}Office: {
    __resolveReference: (reference: { code: string }, context: ${Name}Context) =>
      context.loaders.officeByCode.load(reference.code),
    unit: (office: OfficeRow) => ({ code: office.unitCode }),
  },
  AdministrativeUnit: {
    __resolveReference: (reference: { code: string }) => ({ code: reference.code }),
    ${name}Offices: (unit: { code: string }, _: unknown, context: ${Name}Context) =>
      context.loaders.officesByUnit.load(unit.code),
  },
};
`;
}

/** The template of `src/offices/index.ts`. */
function srcOfficesIndexTs(): string {
  return `import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { resolvers } from './resolvers.ts';

/** The ministry's offices, the office queries and the offices field on units. */
export const officesModule = {
  typeDefs: parse(readFileSync(new URL('./offices.graphql', import.meta.url), 'utf8')),
  resolvers,
};
`;
}

/** The offices feature: its queries, batching loaders, resolvers and module. */
export function officesFiles(names: TemplateNames): Record<string, string> {
  return {
    'src/offices/queries.ts': srcOfficesQueriesTs(names),
    'src/offices/loaders.ts': srcOfficesLoadersTs(names),
    'src/offices/resolvers.ts': srcOfficesResolversTs(names),
    'src/offices/index.ts': srcOfficesIndexTs(),
  };
}
