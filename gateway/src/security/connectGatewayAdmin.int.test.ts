import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGatewayAdmin } from './connectGatewayAdmin.ts';
import { gatewayMigrationsFolder } from './createSecurity.ts';
import { securityTables } from './db/schema.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

let database: TestDatabase<typeof securityTables> | undefined;
let env: NodeJS.ProcessEnv;
let dataRoot: string;

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'gateway-admin-'));
  // PORT points nowhere, so that a developer's running gateway is never the one asked.
  env = { PATH: process.env.PATH, DATA_DIR: dataRoot, PORT: '1' };
  if (process.env.TEST_DATABASE_URL) {
    database = await createTestDatabase({
      name: 'gateway',
      schema: securityTables,
      migrationsFolder: gatewayMigrationsFolder,
    });
    env.GATEWAY_DATABASE_URL = database.url;
  }
});

afterAll(async () => {
  await database?.dispose();
});

// As the README has it: `pnpm tokens ...` (a script named `token` was npm's own command).
const token = (...args: string[]) => run('pnpm', ['tokens', ...args], { cwd: repoRoot, env });

describe('pnpm tokens', () => {
  // Two `pnpm tokens` processes, each loading the script through tsx: over a minute on a loaded
  // machine with other test files running beside this one.
  it('issues a token alone on its last line, records, revokes and lists it', async () => {
    const issued = await token(
      'issue',
      '--role',
      'writer',
      '--subgraph',
      'units',
      '--province',
      '40',
    );
    const lines = issued.stdout.trim().split('\n');
    const jwt = lines.at(-1)!;
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const id = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).jti as string;

    const revoked = await token('revoke', jwt);
    expect(revoked.stdout).toContain(`Revoked ${id}`);

    const admin = await connectGatewayAdmin(env, dataRoot);
    try {
      const [record] = await admin.list();
      expect(record).toMatchObject({ id, role: 'writer', subgraph: 'units', province: '40' });
      expect(record?.revokedAt).not.toBeNull();
      expect(await admin.verifyAudit()).toMatchObject({ ok: true, rows: 0 });
    } finally {
      await admin.close();
    }
  }, 180_000);

  it('refuses a writer without its subgraph', async () => {
    await expect(token('issue', '--role', 'writer')).rejects.toMatchObject({
      stderr: expect.stringContaining('needs --subgraph'),
    });
  });
});
