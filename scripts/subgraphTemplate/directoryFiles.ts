import type { TemplateNames } from './templateNames.ts';

/** The template of `src/directory/unitDirectory.ts`. */
function srcDirectoryUnitDirectoryTs(): string {
  return `import type { Database } from '@home-affairs/db';
import { todayInVietnam } from '@home-affairs/graphql';
import type { Logger } from '@home-affairs/service';
import { type DirectoryUnit, fetchUnitDirectory } from '@home-affairs/unit-directory';
import { count } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { unitDirectory } from '../db/schema.ts';

/** Reads today's units; tests pass a fixture instead of the network. */
export type UnitDirectoryLoader = () => Promise<DirectoryUnit[]>;

/** Units stored per statement: well under Postgres's limit of bind parameters. */
const chunkSize = 1000;

/** Reads the units in force today through the public graph at \`graphUrl\` (ADR 0004). */
export function fetchCurrentUnits(
  graphUrl: string,
  onWait?: (reason: string) => void,
): UnitDirectoryLoader {
  return () => fetchUnitDirectory(todayInVietnam(), { graphUrl, onWait });
}

/** Copies today's units into \`unit_directory\` when it is empty (first start). */
export async function ensureUnitDirectory(
  db: Database<typeof schema>,
  load: UnitDirectoryLoader,
  logger: Logger,
): Promise<void> {
  const [stored] = await db.select({ count: count() }).from(unitDirectory);
  if ((stored?.count ?? 0) > 0) return;
  const units = await load();
  for (let start = 0; start < units.length; start += chunkSize) {
    await db.insert(unitDirectory).values(
      units.slice(start, start + chunkSize).map((unit) => ({
        code: unit.code,
        level: unit.level,
        name: unit.name,
        fullName: unit.fullName,
        parentCode: unit.parentCode,
        provinceCode: unit.provinceCode,
      })),
    );
  }
  logger.info({ units: units.length }, 'unit directory stored');
}
`;
}

/** The template of `src/seed/ensureDemoOffices.ts`. */
function srcSeedEnsureDemoOfficesTs({ NAME }: TemplateNames): string {
  return `import type { Database } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { count, eq } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { offices, unitDirectory } from '../db/schema.ts';

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng'];
const givenNames = ['Văn An', 'Thị Bình', 'Minh Châu', 'Đức Dũng', 'Thu Hà', 'Quốc Khánh', 'Thị Lan'];

/**
 * Generates one demo office in each province of the unit directory when there is no office yet,
 * deterministically (same directory, same offices) and marked \`synthetic\`. The heads' names are
 * made up from common family and given names.
 */
export async function ensureDemoOffices(db: Database<typeof schema>, logger: Logger): Promise<void> {
  const [stored] = await db.select({ count: count() }).from(offices);
  if ((stored?.count ?? 0) > 0) return;
  const provinces = await db
    .select()
    .from(unitDirectory)
    .where(eq(unitDirectory.level, 'PROVINCE'))
    .orderBy(unitDirectory.code);
  if (provinces.length === 0) return;
  await db.insert(offices).values(
    provinces.map((province, index) => ({
      code: \`${NAME}-\${province.code}\`,
      name: \`Văn phòng đại diện tại \${province.fullName}\`,
      unitCode: province.code,
      // The first day of the two-tier local government (Resolution 202/2025/QH15).
      openedOn: '2025-07-01',
      headName: \`\${familyNames[index % familyNames.length]} \${givenNames[index % givenNames.length]}\`,
      synthetic: true,
    })),
  );
  logger.info({ offices: provinces.length }, 'demo offices generated');
}
`;
}

/** The template of `test/fixtureDirectory.ts`. */
function testFixtureDirectoryTs(): string {
  return `import type { DirectoryUnit } from '@home-affairs/unit-directory';
import { directoryUnit } from '@home-affairs/unit-directory/testing';

/** A unit of today, in force since the reform, with its level's word in its full name. */
function unit(
  code: string,
  name: string,
  parentCode: string | null,
  provinceCode: string,
): DirectoryUnit {
  const level: DirectoryUnit['level'] = code.length === 2 ? 'PROVINCE' : 'COMMUNE';
  return directoryUnit([code, level, name, parentCode, provinceCode, [code]], {
    type: level,
    fullName: \`\${level === 'PROVINCE' ? 'Tỉnh' : 'Xã'} \${name}\`,
    validFrom: '2025-07-01',
  });
}

/** Two provinces of today and a commune, shaped like the units subgraph's answer. */
export const fixtureDirectory: DirectoryUnit[] = [
  unit('40', 'Nghệ An', null, '40'),
  unit('01', 'Hà Nội', null, '01'),
  unit('16681', 'Vinh Phú', '40', '40'),
];
`;
}

/** The copy of today's units, the demo offices and the test's fixture directory. */
export function directoryFiles(names: TemplateNames): Record<string, string> {
  return {
    'src/directory/unitDirectory.ts': srcDirectoryUnitDirectoryTs(),
    'src/seed/ensureDemoOffices.ts': srcSeedEnsureDemoOfficesTs(names),
    'test/fixtureDirectory.ts': testFixtureDirectoryTs(),
  };
}
