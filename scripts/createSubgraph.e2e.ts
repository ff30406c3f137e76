import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm create:subgraph` as a ministry runs it, in a temporary copy of this repository (a git
// repository of its own, on a branch off its main), then everything the issue promises of the
// result: `pnpm check`, its own tests and the policy review, and a query through the gateway
// that joins the new subgraph's entity with units, both ways.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const name = 'culture';
const timings: Record<string, number> = {};
let copy: string;
const children: ChildProcess[] = [];

/** Runs a command in the copy; returns its exit code and output, and records how long it took. */
function step(label: string, command: string, args: string[], env: Record<string, string> = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  timings[label] = (performance.now() - started) / 1000;
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const git = (...args: string[]) =>
  step(`git ${args[0]}`, 'git', [
    '-c',
    'user.name=test',
    '-c',
    'user.email=test@example.invalid',
    ...args,
  ]);

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'create-subgraph-'));
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  ).stdout;
  const copied = performance.now();
  for (const path of listed.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    cpSync(join(repoRoot, path), join(copy, path));
  }
  timings.copy = (performance.now() - copied) / 1000;
  expect(git('init', '-q', '-b', 'main').code).toBe(0);
  expect(git('add', '-A').code).toBe(0);
  expect(git('commit', '-qm', 'the graph before the new ministry').code).toBe(0);
  expect(git('checkout', '-qb', `add-${name}`).code).toBe(0);
  const install = step('pnpm install', 'pnpm', ['install', '--offline']);
  expect(install.code, install.output).toBe(0);
  const scaffold = step('pnpm create:subgraph', 'pnpm', [
    'create:subgraph',
    name,
    '--unit-directory',
  ]);
  expect(scaffold.code, scaffold.output).toBe(0);
}, 900_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
          else child.once('exit', resolve);
        }),
    ),
  );
  if (copy) rmSync(copy, { recursive: true, force: true });
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  console.log(
    `create:subgraph e2e timings (s), load average ${load}:\n${Object.entries(timings)
      .map(([label, seconds]) => `  ${label.padEnd(40)} ${seconds.toFixed(1)}`)
      .join('\n')}`,
  );
});

describe(`pnpm create:subgraph ${name}`, () => {
  it('wires the new subgraph into composition, the policy review and CODEOWNERS', () => {
    const read = (path: string) => readFileSync(join(copy, path), 'utf8');
    expect(read('gateway/src/subgraphs.ts')).toContain(`@home-affairs/${name}/typeDefs`);
    expect(read('gateway/supergraph.graphql')).toContain(`type CultureOffice`);
    expect(read('gateway/src/supergraphPolicies.test.ts')).toContain(
      `'Query.${name}Offices': 'public'`,
    );
    expect(read('.github/CODEOWNERS')).toContain(`/subgraphs/${name}/`);
    expect(read('shared/identity/src/scopesForRole.ts')).toContain(`'${name}'`);
    expect(read(`subgraphs/${name}/drizzle/0000_init.sql`)).toContain(
      `CREATE TABLE "${name}"."offices"`,
    );
    // The researcher contract leaves the personal field out.
    expect(read('gateway/contracts/researcher.schema.graphql')).not.toMatch(/headName/);
    expect(read('gateway/contracts/researcher.schema.graphql')).toMatch(/type CultureOffice /);
  });

  it('passes pnpm check as generated, its additions checked against main as safe', () => {
    const check = step('pnpm check', 'pnpm', ['check']);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain(`[${name}] Type 'CultureOffice' was added`);
    expect(check.output).toMatch(/Passed: 0 error\(s\)/);
  }, 900_000);

  it('passes its own tests and the policy review as generated', () => {
    const tests = step(
      'vitest: its tests and the policy review',
      'pnpm',
      ['exec', 'vitest', 'run', `subgraphs/${name}`, 'gateway/src/supergraphPolicies.test.ts'],
      { NO_COLOR: '1' },
    );
    expect(tests.code, tests.output).toBe(0);
    expect(tests.output).toMatch(/Test Files\s+2 passed/);
  }, 900_000);

  it('starts behind the gateway and joins its offices with units, both ways', async () => {
    const dataDir = join(copy, '.data-e2e');
    const [gatewayPort, culturePort] = [await freePort(), await freePort()];
    const graphUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    const cultureUrl = `http://127.0.0.1:${culturePort}/graphql`;
    const started = performance.now();
    // Embedded Postgres in a folder of its own: the test's Postgres is not needed here.
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info', NODE_ENV: 'test' };
    const units = launch(`subgraphs/units/src/main.ts`, { ...env, PORT: '0' });
    const unitsUrl = await units.listening;
    launch(`subgraphs/${name}/src/main.ts`, {
      ...env,
      PORT: String(culturePort),
      GRAPH_URL: graphUrl,
    });
    const gateway = launch('gateway/src/main.ts', {
      ...env,
      PORT: String(gatewayPort),
      UNITS_SUBGRAPH_URL: unitsUrl,
      CULTURE_SUBGRAPH_URL: cultureUrl,
      // Not started here; no query of this test reaches them.
      ASSOCIATIONS_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
      PERSONNEL_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
      PROCEDURES_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
    });
    await gateway.listening;
    // Ready once it has read today's units through the gateway and made its demo offices.
    await waitFor(async () => (await fetch(cultureUrl.replace('/graphql', '/ready'))).ok, 600_000);
    timings['start units, culture, gateway until ready'] = (performance.now() - started) / 1000;

    const asked = performance.now();
    const response = await fetch(graphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{
          unit(code: "40") { name ${name}Offices { code name unit { code name } } }
          ${name}Offices(first: 2) { totalCount nodes { code unit { code name } } }
        }`,
      }),
    });
    timings['entity join through the gateway'] = (performance.now() - asked) / 1000;
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer).toEqual({
      data: {
        unit: {
          name: 'Nghệ An',
          [`${name}Offices`]: [
            {
              code: 'CULTURE-40',
              name: 'Văn phòng đại diện tại Tỉnh Nghệ An',
              unit: { code: '40', name: 'Nghệ An' },
            },
          ],
        },
        [`${name}Offices`]: {
          totalCount: 34,
          nodes: [
            { code: 'CULTURE-01', unit: { code: '01', name: 'Hà Nội' } },
            { code: 'CULTURE-04', unit: { code: '04', name: 'Cao Bằng' } },
          ],
        },
      },
    });
  }, 900_000);
});

/** A port free right now (the gateway's must be known before the subgraphs start). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMilliseconds: number) {
  const deadline = Date.now() + timeoutMilliseconds;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`not ready within ${timeoutMilliseconds} ms`);
}

/** Starts one process of the copy as `pnpm start` does (node --import tsx). */
function launch(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: copy,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let announce: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve, reject) => {
    announce = resolve;
    child.once('exit', (code) =>
      reject(new Error(`${script} exited ${code}:\n${lines.slice(-30).join('\n')}`)),
    );
  });
  // Awaited by the callers that need the URL; an exit at the end of the test is expected.
  listening.catch(() => undefined);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      // Its JSON log line `listening` carries the URL it serves.
      if (line.includes('"msg":"listening"')) {
        const url = (JSON.parse(line) as { url?: string }).url;
        if (url) announce(url);
      }
    });
  }
  return { listening };
}
