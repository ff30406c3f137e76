import type { TemplateNames } from './templateNames.ts';

/** The template of `package.json`. */
function packageJson({ name, Name, withDirectory, versions }: TemplateNames): string {
  return `${JSON.stringify(
    {
      name: `@home-affairs/${name}`,
      private: true,
      description: `${Name} subgraph: the offices of the ${name} ministry, seated in administrative units.`,
      type: 'module',
      exports: { '.': './src/server.ts', './typeDefs': './src/typeDefs.ts' },
      scripts: { start: 'tsx src/main.ts', 'db:generate': 'drizzle-kit generate' },
      dependencies: {
        '@home-affairs/db': 'workspace:*',
        '@home-affairs/graphql': 'workspace:*',
        '@home-affairs/identity': 'workspace:*',
        '@home-affairs/service': 'workspace:*',
        ...(withDirectory ? { '@home-affairs/unit-directory': 'workspace:*' } : {}),
        dataloader: versions.dataloader,
        'drizzle-orm': versions.drizzleOrm,
        graphql: versions.graphql,
      },
      devDependencies: {
        '@home-affairs/testing': 'workspace:*',
        'drizzle-kit': versions.drizzleKit,
      },
    },
    null,
    2,
  )}\n`;
}

/** The template of `drizzle.config.ts`. */
function drizzleConfigTs({ name }: TemplateNames): string {
  return `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  schemaFilter: ['${name}'],
});
`;
}

/** The template of `src/db/schema.ts`. */
function srcDbSchemaTs({ name, withDirectory }: TemplateNames): string {
  return `import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgSchema, text } from 'drizzle-orm/pg-core';

/** The ${name} subgraph's own Postgres schema, apart from every other subgraph's. */
export const ${name}Schema = pgSchema('${name}');

/** Offices of the ministry, each seated in an administrative unit (by its official code). */
export const offices = ${name}Schema.table(
  'offices',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** Official code of the unit the office is seated in, as the units subgraph serves it. */
    unitCode: text('unit_code').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    /** Personal data: served only with the scope \`read:personal:${name}\`. */
    headName: text('head_name'),
    /** Whether the row is demo data made up by the generator. */
    synthetic: boolean('synthetic').notNull().default(false),
  },
  (table) => [
    index('offices_unit_code_idx').on(table.unitCode),
    check('offices_code_check', sql\`\${table.code} ~ '^[A-Z0-9-]{1,40}$'\`),
    check('offices_unit_code_check', sql\`\${table.unitCode} ~ '^([0-9]{2}|[0-9]{3}|[0-9]{5})$'\`),
  ],
);
${
  withDirectory
    ? `
/** The units in force today, copied from the graph's public \`units\` query (ADR 0004). */
export const unitDirectory = ${name}Schema.table(
  'unit_directory',
  {
    code: text('code').primaryKey(),
    level: text('level').notNull(),
    name: text('name').notNull(),
    fullName: text('full_name').notNull(),
    parentCode: text('parent_code'),
    provinceCode: text('province_code').notNull(),
  },
  (table) => [index('unit_directory_level_idx').on(table.level)],
);
`
    : ''
}
/** One office as stored. */
export type OfficeRow = typeof offices.$inferSelect;
`;
}

/** The package manifest, the drizzle-kit configuration and the drizzle schema. */
export function packageFiles(names: TemplateNames): Record<string, string> {
  return {
    'package.json': packageJson(names),
    'drizzle.config.ts': drizzleConfigTs(names),
    'src/db/schema.ts': srcDbSchemaTs(names),
  };
}
