import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Express, Request, Response } from 'express';

/** Where the dashboard is served from. */
export interface DashboardOptions {
  /** The built dashboard (`dashboard/dist`, written by `vite build`). */
  folder: string;
  /**
   * Path it is served at; the app is built for this base.
   * @default '/dashboard'
   */
  path?: string;
}

// The dashboard loads nothing from elsewhere (fonts and charts are in its bundle) and talks only
// to this origin's /graphql: the browser enforces it. Inline styles are allowed for the charts'
// canvas sizing.
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};
const compressible = new Set(['.html', '.js', '.css', '.svg', '.json']);

interface StaticFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  type: string;
  etag: string;
  /** Hashed asset names never change content: cache them for a year. */
  immutable: boolean;
}

function readFolder(folder: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const path = join(entry.parentPath, entry.name);
    const extension = extname(entry.name);
    const body = readFileSync(path);
    const url = `/${relative(folder, path).split('\\').join('/')}`;
    files.set(url, {
      body,
      gzipped: compressible.has(extension) ? gzipSync(body, { level: 9 }) : undefined,
      type: contentTypes[extension] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: url.startsWith('/assets/'),
    });
  }
  return files;
}

/**
 * Serves the built dashboard at `/dashboard/` (same origin as `/graphql`), gzipped once in memory
 * on the first request (and again after a rebuild), with hashed assets cached for a year and a strict Content-Security-Policy;
 * `/` redirects to it. Without a built folder it answers 503 saying how to build it.
 */
export function mountDashboard(app: Express, options: DashboardOptions) {
  const base = options.path ?? '/dashboard';
  let files: Map<string, StaticFile> | undefined;
  let builtAt = 0;
  const serve = (req: Request, res: Response) => {
    const index = join(options.folder, 'index.html');
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The dashboard is not built: run `pnpm start` or `pnpm --filter @home-affairs/dashboard build`.',
        );
      return;
    }
    // After a rebuild (pnpm start builds while the gateway starts) index.html is newer and names
    // new hashed assets: read the folder again.
    const modified = statSync(index).mtimeMs;
    if (!files || modified !== builtAt) {
      files = readFolder(options.folder);
      builtAt = modified;
    }
    const relativePath = req.path.slice(base.length);
    const path = relativePath === '/' || relativePath === '' ? '/index.html' : relativePath;
    const found = files.get(path);
    if (!found && extname(path) !== '') {
      res.status(404).type('text/plain; charset=utf-8').send('Not found.');
      return;
    }
    // Any other path is a route of the app: its page.
    const file = found ?? files.get('/index.html')!;
    res.set({
      'Content-Type': file.type,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: file.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      ...(file.type.startsWith('text/html')
        ? { 'Content-Security-Policy': contentSecurityPolicy }
        : {}),
    });
    if (req.headers['if-none-match'] === file.etag) {
      res.status(304).end();
      return;
    }
    if (file.gzipped && req.acceptsEncodings('gzip')) {
      res.set('Content-Encoding', 'gzip').send(file.gzipped);
    } else {
      res.send(file.body);
    }
  };
  app.get('/', (_req, res) => res.redirect(302, `${base}/`));
  app.get(`${base}{/*path}`, (req, res) => {
    // Relative asset URLs need the trailing slash; express's routing ignores it, so look.
    if (req.originalUrl.split('?')[0] === base) {
      res.redirect(301, `${base}/`);
      return;
    }
    serve(req, res);
  });
}
