import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Express, Request, Response } from 'express';

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

interface RenderedPage {
  html: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * Serves GraphiQL, bundled and offline, at `GET /graphiql` and at `GET /graphql` for clients
 * that accept HTML (browsers); every other request to `/graphql` goes on to the GraphQL server.
 * The page is rendered and compressed once, on the first visit, so it costs nothing at startup.
 */
export function mountGraphiQL(app: Express, options: GraphiQLOptions = {}) {
  const endpoint = options.endpoint ?? '/graphql';
  let page: Promise<RenderedPage> | undefined;
  const render = async (): Promise<RenderedPage> => {
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    const html = Buffer.from(
      renderGraphiQL({
        endpoint,
        title: options.title ?? 'Home affairs graph',
        defaultQuery: options.defaultQuery ?? exampleQuery,
      }),
    );
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
    return { html, gzipped: gzipSync(html), etag };
  };

  const serve = async (req: Request, res: Response) => {
    page ??= render();
    const { html, gzipped, etag } = await page;
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy,
      'Cache-Control': 'no-cache',
      ETag: etag,
      Vary: 'Accept, Accept-Encoding',
    });
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    if (req.acceptsEncodings('gzip')) {
      res.set('Content-Encoding', 'gzip').send(gzipped);
    } else {
      res.send(html);
    }
  };

  app.get(options.path ?? '/graphiql', serve);
  app.get(endpoint, (req, res, next) => {
    // The same rule as GraphQL Yoga: a GET whose Accept names HTML is a person with a browser;
    // curl and GraphQL clients (Accept: */* or JSON) get the GraphQL server.
    if (!req.headers.accept?.includes('text/html')) {
      next();
      return;
    }
    serve(req, res).catch(next);
  });
}
