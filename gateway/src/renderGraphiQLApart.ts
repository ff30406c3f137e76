import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the gateway keeps of the GraphiQL page: its compressed forms and what names the page. */
export interface CompressedPage {
  gzip: Buffer;
  brotli: Buffer;
  /** A strong validator of the page (sha-256 of the HTML, base64url, 27 characters). */
  hash: string;
  /** The page's size in bytes, uncompressed. */
  length: number;
}

/** What the page is rendered from (renderGraphiQL's options). */
export interface PageSettings {
  endpoint: string;
  title: string;
  defaultQuery: string;
}

// Run by a short-lived node process, as CommonJS (`node -e`), so that it needs no TypeScript
// loader and none of the gateway's preloads (tracing). Arguments: the renderer's path, the
// settings as JSON, brotli's quality. Writes the 4-byte length of a JSON header, the header, then
// the gzip and brotli bodies.
const childProgram = `
const { createHash } = require('node:crypto');
const { promisify } = require('node:util');
const zlib = require('node:zlib');
const [rendererPath, settings, quality] = process.argv.slice(1);
const { renderGraphiQL } = require(rendererPath);
const html = Buffer.from(renderGraphiQL(JSON.parse(settings)));
Promise.all([
  promisify(zlib.gzip)(html, { level: zlib.constants.Z_DEFAULT_COMPRESSION }),
  promisify(zlib.brotliCompress)(html, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: Number(quality),
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: html.length,
    },
  }),
]).then(([gzip, brotli]) => {
  const hash = createHash('sha256').update(html).digest('base64url').slice(0, 27);
  const header = Buffer.from(
    JSON.stringify({ hash, length: html.length, gzip: gzip.length, brotli: brotli.length }),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32BE(header.length);
  process.stdout.write(Buffer.concat([size, header, gzip, brotli]));
});
`;

/**
 * The page as the child sends it and as the cache keeps it (cachedPage): the 4-byte length of a
 * JSON header, the header, then the gzip and brotli bodies. Throws when `data` is not whole.
 */
function pageOf(data: Buffer): CompressedPage {
  const headerLength = data.readUInt32BE(0);
  const header = JSON.parse(data.subarray(4, 4 + headerLength).toString()) as {
    hash: string;
    length: number;
    gzip: number;
    brotli: number;
  };
  const start = 4 + headerLength;
  if (data.length !== start + header.gzip + header.brotli) throw new Error('cut short');
  return {
    hash: header.hash,
    length: header.length,
    gzip: data.subarray(start, start + header.gzip),
    brotli: data.subarray(start + header.gzip),
  };
}

/** Runs the child program: the page's bytes (pageOf's format). */
function renderInChild(
  rendererPath: string,
  settings: PageSettings,
  brotliQuality: number,
): Promise<Buffer> {
  const child = spawn(
    process.execPath,
    ['-e', childProgram, rendererPath, JSON.stringify(settings), String(brotliQuality)],
    // No NODE_OPTIONS: a preload meant for the gateway (a loader, tracing) has no place here.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const output: Buffer[] = [];
  const errors: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(output));
      const message = Buffer.concat(errors).toString().trim().slice(-2000);
      reject(new Error(`exited with code ${code}\n${message}`));
    });
  });
}

/**
 * Where the rendered page is kept between starts, under a name that hashes all it is made of:
 * the renderer's file (path, size, modification time: a reinstall or upgrade changes it), the
 * settings, brotli's quality and the child program. Beside the installed packages, like the
 * start bundles and the PGlite template (`node_modules/.cache`).
 */
function cacheFileOf(
  folder: string,
  rendererPath: string,
  settings: PageSettings,
  brotliQuality: number,
) {
  const { size, mtimeMs } = statSync(rendererPath);
  const key = createHash('sha256')
    .update(JSON.stringify([rendererPath, size, mtimeMs, settings, brotliQuality, childProgram]))
    .digest('base64url')
    .slice(0, 32);
  return join(folder, `${key}.bin`);
}

/** The cache's folder unless another is given (tests). */
const defaultCacheFolder = fileURLToPath(
  new URL('../../node_modules/.cache/graphiql-page', import.meta.url),
);

/**
 * Renders the GraphiQL page and compresses it with gzip and brotli in a child process, which
 * exits once it has sent the compressed bodies. The gateway never holds what rendering needs and
 * keeps nothing of it: the 9 MB bundle's module text (about 28 MB of strings once loaded), the
 * uncompressed page, and the compressors' working memory, which glibc keeps in the arenas of the
 * threads that used it long after it is freed (about 120 MB of resident memory in all, measured
 * with `pnpm bench:memory`, docs/operations.md). What stays is the two bodies, about 4.4 MB.
 *
 * The result is kept on disk (cacheFileOf) and read from there by the next start with the same
 * renderer and settings: rendering and compressing cost about a second of CPU at every start
 * (`node` on the child program: 0.70 s user, 0.33 s system), while a start's processes share two
 * cores. A cache that cannot be read or written (a read-only install) is passed over.
 */
export async function renderGraphiQLApart(
  settings: PageSettings,
  brotliQuality: number,
  cacheFolder = defaultCacheFolder,
): Promise<CompressedPage> {
  const rendererPath = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql');
  const cacheFile = cacheFileOf(cacheFolder, rendererPath, settings, brotliQuality);
  try {
    return pageOf(await readFile(cacheFile));
  } catch {
    // Not made yet (or unreadable): rendered below.
  }
  let page: CompressedPage;
  let data: Buffer;
  try {
    data = await renderInChild(rendererPath, settings, brotliQuality);
    page = pageOf(data);
  } catch (error) {
    throw new Error(`GraphiQL page rendering failed: ${(error as Error).message}`);
  }
  // Written beside its name and renamed, so a reader never sees half a page.
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await mkdir(dirname(cacheFile), { recursive: true })
    .then(() => writeFile(temporary, data))
    .then(() => rename(temporary, cacheFile))
    .catch(() => rm(temporary, { force: true }).catch(() => undefined));
  return page;
}
