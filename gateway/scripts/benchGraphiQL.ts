/**
 * `pnpm bench:graphiql`: what the first GraphiQL view costs the other requests. Each round starts
 * one fresh process per variant (so that nothing is cached from an earlier view), which serves
 * GraphiQL and a small JSON route standing for a query, then asks for the page once (as a browser
 * does, `Accept-Encoding: gzip, deflate, br`) while a client calls the JSON route every 5 ms.
 * The client runs in this process, the server in the child. Prints, per variant, the median over
 * the rounds of: the server's start-up, the first view's time, the slowest JSON call during it,
 * and the server's longest event-loop stall; with the load average.
 *
 * - `before`: the page rendered and gzip-compressed synchronously on the first view (the gateway
 *   until this change), reproduced here;
 * - `after`: `renderGraphiQLPage` at start-up, as createGateway does, and `mountGraphiQL`.
 *
 * Bounded: BENCH_ROUNDS rounds (default 3, at most 10), nothing but 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express, { type Express } from 'express';
import { mountGraphiQL, renderGraphiQLPage } from '../src/mountGraphiQL.ts';

const variants = ['before', 'after'] as const;
type Variant = (typeof variants)[number];

interface RoundResult {
  variant: Variant;
  startupMs: number;
  firstViewMs: number;
  /** Bytes on the wire, and their encoding. */
  bytes: number;
  encoding: string;
  slowestCallMs: number;
  calls: number;
  maxStallMs: number;
}

/** The first-view rendering the gateway had before: import, render and gzipSync on demand. */
function mountOnFirstView(app: Express) {
  let page: Promise<{ html: Buffer; gzipped: Buffer; etag: string }> | undefined;
  app.get('/graphiql', async (req, res) => {
    page ??= (async () => {
      const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
      const html = Buffer.from(renderGraphiQL({ endpoint: '/graphql' }));
      const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
      return { html, gzipped: gzipSync(html), etag };
    })();
    const { html, gzipped } = await page;
    res.set('Content-Type', 'text/html; charset=utf-8');
    if (req.acceptsEncodings('gzip')) res.set('Content-Encoding', 'gzip').send(gzipped);
    else res.send(html);
  });
}

/** A variant's server, in its own process: GraphiQL, a JSON route, its event loop's stalls. */
async function serve(variant: Variant): Promise<void> {
  const started = performance.now();
  const app = express();
  if (variant === 'after') {
    const page = await renderGraphiQLPage({ endpoint: '/graphql' });
    mountGraphiQL(app, async () => page);
  } else mountOnFirstView(app);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  app.get('/ping', (_req, res) => {
    res.json({ data: { ok: true } });
  });
  app.post('/stalls/reset', (_req, res) => {
    delay.reset();
    delay.enable();
    res.json({});
  });
  app.get('/stalls', (_req, res) => {
    res.json({ maxStallMs: delay.max / 1e6 });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, startupMs: performance.now() - started }));
}

/** Starts a fresh server for the variant, views GraphiQL once while calling the JSON route. */
async function runRound(variant: Variant): Promise<RoundResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', variant],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const { port, startupMs } = JSON.parse(line.toString().trim()) as {
      port: number;
      startupMs: number;
    };
    const base = `http://127.0.0.1:${port}`;
    for (let index = 0; index < 20; index += 1) await (await fetch(`${base}/ping`)).text();
    await fetch(`${base}/stalls/reset`, { method: 'POST' });

    let viewing = true;
    const calls: number[] = [];
    const pinger = (async () => {
      while (viewing) {
        const callStarted = performance.now();
        await (await fetch(`${base}/ping`)).text();
        calls.push(performance.now() - callStarted);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const viewStarted = performance.now();
    const view = await fetch(`${base}/graphiql`, {
      headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' },
    });
    await view.arrayBuffer();
    const firstViewMs = performance.now() - viewStarted;
    viewing = false;
    await pinger;
    const { maxStallMs } = (await (await fetch(`${base}/stalls`)).json()) as {
      maxStallMs: number;
    };
    return {
      variant,
      startupMs,
      firstViewMs,
      bytes: Number(view.headers.get('content-length')),
      encoding: view.headers.get('content-encoding') ?? 'identity',
      slowestCallMs: Math.max(...calls),
      calls: calls.length,
      maxStallMs,
    };
  } finally {
    child.kill();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  const variant = process.argv[serveIndex + 1] as Variant;
  if (!variants.includes(variant)) throw new Error(`unknown variant ${variant}`);
  await serve(variant);
} else {
  const rounds = Math.min(Math.max(Number(process.env.BENCH_ROUNDS ?? 3), 1), 10);
  const results: RoundResult[] = [];
  const loadBefore = loadavg();
  for (let round = 0; round < rounds; round += 1) {
    // Alternate the order, so that drift of the machine falls on both alike.
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) results.push(await runRound(variant));
  }
  const format = (value: number) => value.toFixed(0).padStart(7);
  console.log(
    `GraphiQL first view, ${rounds} rounds per variant, medians (ms); load average ${loadBefore
      .map((value) => value.toFixed(2))
      .join(' ')} before, ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} after`,
  );
  console.log('variant  start-up  first view  slowest call during it  longest event-loop stall');
  type Row = Record<'startupMs' | 'firstViewMs' | 'slowestCallMs' | 'maxStallMs' | 'bytes', number>;
  const summary = {} as Record<Variant, Row>;
  for (const variant of variants) {
    const mine = results.filter((result) => result.variant === variant);
    summary[variant] = {
      startupMs: median(mine.map((result) => result.startupMs)),
      firstViewMs: median(mine.map((result) => result.firstViewMs)),
      slowestCallMs: median(mine.map((result) => result.slowestCallMs)),
      maxStallMs: median(mine.map((result) => result.maxStallMs)),
      bytes: median(mine.map((result) => result.bytes)),
    };
    const row = summary[variant];
    console.log(
      `${variant.padEnd(7)} ${format(row.startupMs)}   ${format(row.firstViewMs)}     ${format(row.slowestCallMs)}                 ${format(row.maxStallMs)}     (${row.bytes} bytes, ${mine[0]!.encoding})`,
    );
  }
  const ratio = (key: keyof Row) => (summary.before[key] / summary.after[key]).toFixed(1);
  console.log(
    `before/after: first view ×${ratio('firstViewMs')}, slowest call ×${ratio('slowestCallMs')}, stall ×${ratio('maxStallMs')}`,
  );
}
