import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Express, NextFunction, Request, Response } from 'express';
import Negotiator from 'negotiator';
import { type CompressedPage, renderGraphiQLApart } from './renderGraphiQLApart.ts';

/** The query GraphiQL opens with: the 34 provinces of the two-tier model, where they came from. */
const exampleQuery = `# One endpoint over the agencies of home affairs.
# Run with the play button or Ctrl+Enter; the book icon
# on the left opens the documentation of every field.
#
# The 34 provinces since the reform of 1 July 2025,
# the old provinces merged into each, and their communes.
query ProvincesAfterTheReform {
  units(level: PROVINCE, asOf: "2025-07-01", first: 34) {
    totalCount
    nodes {
      code
      fullName
      predecessors {
        share
        unit {
          code
          fullName
        }
      }
      children(first: 3) {
        totalCount
        nodes {
          code
          fullName
        }
      }
    }
  }
}
`;

/** How the GraphiQL page is served. */
export interface GraphiQLOptions {
  /**
   * Path of the GraphQL endpoint, where the page also answers browsers (`Accept: text/html`).
   * @default '/graphql'
   */
  endpoint?: string;
  /**
   * A second path that always serves the page.
   * @default '/graphiql'
   */
  path?: string;
  /**
   * Title of the browser tab.
   * @default 'Home affairs graph'
   */
  title?: string;
  /**
   * Query shown to a first-time visitor.
   * @default exampleQuery
   */
  defaultQuery?: string;
}

// The page inlines the whole GraphiQL bundle (about 9 MB), so nothing is fetched from a CDN and
// the schema stays browsable offline. This policy makes the browser enforce it: scripts, styles,
// workers and images may only come from the page itself (inline, blob: and data: URLs), and the
// only request the page may send is to this origin's GraphQL endpoint.
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'unsafe-inline' blob:",
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The GraphiQL page, rendered and compressed. The uncompressed page is not kept: the rare client
 * that accepts neither brotli nor gzip gets the gzip body decompressed as it is sent.
 */
export type GraphiQLPage = CompressedPage;

// Quality 5 of 11: about 2 MB against gzip's 2.4 MB, in about a second of the renderer's CPU at
// start-up; 11 would take most of a minute for another 10%.
const brotliQuality = 5;

// One rendering per set of options in a process, however many gateways it builds (tests build
// many). Bounded: a gateway process uses one set; the map is emptied if ever more appear.
const rendered = new Map<string, Promise<GraphiQLPage>>();
const maxRendered = 8;

/**
 * Renders the GraphiQL page and compresses it with gzip and brotli, once per process and set of
 * options. Called once the port is open (createGateway, afterPortOpens), not before: the gateway's
 * own start does not share the cores with it, and a browser that asks before the page is made
 * waits for it. Rendering and compression run in a child process
 * (renderGraphiQLApart), not on the event loop, and leave nothing behind but the two compressed
 * bodies.
 */
export function renderGraphiQLPage(options: GraphiQLOptions = {}): Promise<GraphiQLPage> {
  const settings = {
    endpoint: options.endpoint ?? '/graphql',
    title: options.title ?? 'Home affairs graph',
    defaultQuery: options.defaultQuery ?? exampleQuery,
  };
  const key = JSON.stringify(settings);
  let page = rendered.get(key);
  if (!page) {
    page = renderGraphiQLApart(settings, brotliQuality);
    if (rendered.size >= maxRendered) rendered.clear();
    rendered.set(key, page);
    // A failed rendering is not kept: the next start-up tries again.
    page.catch(() => rendered.delete(key));
  }
  return page;
}

/** The encodings of the page, best first: the order that breaks a tie between equal q-values. */
const encodings = ['br', 'gzip', 'identity'];

/** negotiator 1.1's `encoding(available, { preferred })`, which its published types omit. */
type EncodingWithPreference = (
  available: readonly string[],
  options: { preferred: readonly string[] },
) => string | undefined;

/**
 * The encoding to send: the client's highest q-value, and among equals ours (browsers send
 * `gzip, deflate, br`, and express's `acceptsEncodings` would take their order, so gzip).
 */
function preferredEncoding(req: Request): string | undefined {
  const negotiator = new Negotiator(req);
  return (negotiator.encoding as EncodingWithPreference).call(negotiator, encodings, {
    preferred: encodings,
  });
}

/**
 * Serves GraphiQL, bundled and offline, at `GET /graphiql` and at `GET /graphql` for clients
 * that accept HTML (browsers); every other request to `/graphql` goes on to the GraphQL server.
 * The page comes rendered and compressed (`render`, once; createGateway makes it soon after the
 * port opens): a request waits until it is made, then only picks the encoding its `Accept-Encoding` prefers (brotli,
 * gzip, or none) and sends a buffer. A page that could not be made (`undefined`) is not served:
 * the request goes on as if GraphiQL were off.
 */
export function mountGraphiQL(
  app: Express,
  render: () => Promise<GraphiQLPage | undefined>,
  options: GraphiQLOptions = {},
) {
  const endpoint = options.endpoint ?? '/graphql';
  // Once made, a request takes the page without waiting on a promise.
  let made: GraphiQLPage | undefined;
  const serve = async (req: Request, res: Response, next: NextFunction) => {
    const page = made ?? (await render());
    made = page;
    if (!page) {
      next();
      return;
    }
    const encoding = preferredEncoding(req);
    const [body, contentEncoding, etag] =
      encoding === 'br'
        ? [page.brotli, 'br', `"${page.hash}-br"`]
        : encoding === 'gzip'
          ? [page.gzip, 'gzip', `"${page.hash}-gzip"`]
          : [undefined, undefined, `"${page.hash}"`];
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy,
      'Cache-Control': 'no-cache',
      ETag: etag,
      Vary: 'Accept, Accept-Encoding',
    });
    if (contentEncoding) res.set('Content-Encoding', contentEncoding);
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    if (body) {
      res.send(body);
      return;
    }
    // Decompressed as it is sent, a chunk at a time: the page is never whole in memory.
    res.set('Content-Length', String(page.length));
    pipeline(Readable.from([page.gzip]), createGunzip(), res).catch(() => res.destroy());
  };

  app.get(options.path ?? '/graphiql', serve);
  app.get(endpoint, (req, res, next) => {
    // The same rule as GraphQL Yoga: a GET whose Accept names HTML is a person with a browser;
    // curl and GraphQL clients (Accept: */* or JSON) get the GraphQL server.
    if (!req.headers.accept?.includes('text/html')) {
      next();
      return;
    }
    return serve(req, res, next);
  });
}
