import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { composeFixtureSupergraph, unitsFixture } from './security/testing/fixtureSubgraphs.ts';

// The gateway process as an operator starts it, over a supergraph composed elsewhere: one whose
// root fields carry no policy at all, as most supergraphs outside this repository do.
const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const folders: string[] = [];

function folder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  folders.push(path);
  return path;
}

afterAll(() => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

const plainSubgraph = {
  ...unitsFixture,
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
    type Unit @key(fields: "code") { code: ID! name: String! }
    type Query { unit(code: ID!): Unit units: [Unit!]! }
  `),
};

/** Runs the gateway until it logs `listening` (then stops it) or exits by itself. */
function runGateway(env: Record<string, string>) {
  const child = spawn(process.execPath, [tsxCli, mainPath], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise<{ code: number | null; output: string; listened: boolean }>((resolve) => {
    let listened = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!listened && output.includes('"msg":"listening"')) {
        listened = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    // Below the e2e project's 180 s test timeout: a start through tsx took over 60 s with the
    // test files running in parallel on a loaded 2-core machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, listened });
    });
  });
}

describe('the gateway process over a supergraph without policies', () => {
  const supergraphPath = join(folder('supergraph-'), 'supergraph.graphql');
  writeFileSync(supergraphPath, composeFixtureSupergraph([plainSubgraph]));
  // Not the test's Postgres: the gateway keeps its own PGlite under DATA_DIR.
  const base = { SUPERGRAPH_PATH: supergraphPath, DATABASE_URL: '', GATEWAY_DATABASE_URL: '' };

  /**
   * Runs the gateway with `env` over a fresh DATA_DIR: it must exit with 1, saying each of
   * `messages`, and leave the folder empty (no database, no development keys: nothing is made
   * before the supergraph is read).
   */
  async function expectRefusal(env: Record<string, string>, messages: string[]) {
    const dataDir = folder('gateway-data-');
    const run = await runGateway({ ...base, DATA_DIR: dataDir, ...env });
    expect(run.code).toBe(1);
    for (const message of messages) expect(run.output).toContain(message);
    expect(readdirSync(dataDir)).toEqual([]);
    return run;
  }

  it('refuses to start without an explicit choice, saying how to fix it, and creates nothing', async () => {
    const run = await expectRefusal({}, [
      'Root fields without a policy: Query.unit, Query.units.',
      'UNANNOTATED_ROOT_FIELDS=public',
    ]);
    expect(run.listened).toBe(false);
  });

  it('refuses an unknown choice', async () => {
    await expectRefusal({ UNANNOTATED_ROOT_FIELDS: 'yes' }, [
      'UNANNOTATED_ROOT_FIELDS must be refuse, public, authenticated',
    ]);
  });

  it('refuses to serve researchers the whole schema when their contract is missing', async () => {
    await expectRefusal({ UNANNOTATED_ROOT_FIELDS: 'public' }, [
      'The contract \\"researcher\\" (CONTRACT_ROLES) is not at',
    ]);
  });

  it('starts when the operator chose a policy for them and no contracts', async () => {
    const run = await runGateway({
      ...base,
      DATA_DIR: folder('gateway-data-'),
      UNANNOTATED_ROOT_FIELDS: 'public',
      CONTRACT_ROLES: '',
    });
    expect(run.listened).toBe(true);
    expect(run.output).toContain(
      'root fields without a policy get the one UNANNOTATED_ROOT_FIELDS chose',
    );
  });
});
