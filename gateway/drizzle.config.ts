import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/security/db/schema.ts',
  out: './drizzle',
  schemaFilter: ['gateway'],
});
