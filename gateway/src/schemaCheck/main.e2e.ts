import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SchemaCheckReport } from './runSchemaCheck.ts';

// `pnpm schema:check` as CI runs it, in this repository: its exit codes and its JSON.
const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

function schemaCheck(args: string[], env: Record<string, string> = {}) {
  const { GATEWAY_DATABASE_URL: _gateway, DATABASE_URL: _database, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [tsxCli, mainPath, ...args], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pnpm schema:check', () => {
  it('passes the checked-in subgraphs and prints its report as JSON', () => {
    const run = schemaCheck(['units', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as SchemaCheckReport;
    expect(report).toMatchObject({
      subgraphs: ['units'],
      composition: { ok: true },
      usage: { audit: { configured: false } },
      errors: 0,
      passed: true,
    });
  });

  it('exits 2 when it cannot run, saying why', () => {
    const unknown = schemaCheck(['parliament']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no subgraph parliament');
    const badWindow = schemaCheck(['--days', 'thirty']);
    expect(badWindow.code).toBe(2);
    const unreachable = schemaCheck(['units'], {
      GATEWAY_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('the audit log cannot be read');
  });
});
