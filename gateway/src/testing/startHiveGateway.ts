import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { effectiveScopes, isRole } from '@home-affairs/identity';
import { importJWK, type JWK, jwtVerify } from 'jose';

/** Hive Gateway (Node) listening on a free port of 127.0.0.1. */
export interface HiveGateway {
  url: string;
  close(): Promise<void>;
}

/** How Hive Gateway reads this platform's bearer tokens (for `@requiresScopes`). */
export interface HiveTokenCheck {
  publicKey: JWK;
  issuer: string;
  audience: string;
}

/**
 * Starts Hive Gateway's runtime (`@graphql-hive/gateway-runtime`) over a supergraph file as it is
 * checked in, with its defaults (among them the deduplication of identical in-flight subgraph
 * requests). With `tokens`, its generic-auth plugin enforces the supergraph's `@authenticated`
 * and `@requiresScopes` per field (`protect-granular`), from the scopes of a bearer token the
 * gateway verifies as ours does (signature, issuer, audience, scopes narrowed to the role's).
 * For the portability test and `pnpm bench:load`; the platform's gateway is ours.
 */
export async function startHiveGateway(options: {
  supergraphSdl: string;
  /** Where each subgraph is reached, by name, instead of the URL in the supergraph. */
  subgraphUrls?: Readonly<Record<string, string>>;
  tokens?: HiveTokenCheck;
}): Promise<HiveGateway> {
  const { tokens } = options;
  const key = tokens ? await importJWK(tokens.publicKey, 'EdDSA') : undefined;
  const runtime = createGatewayRuntime({
    supergraph: options.supergraphSdl,
    logging: process.env.HIVE_LOG ? 'debug' : false,
    transportEntries: Object.fromEntries(
      Object.entries(options.subgraphUrls ?? {}).map(([name, url]) => [name, { location: url }]),
    ),
    ...(tokens && key
      ? {
          genericAuth: {
            mode: 'protect-granular' as const,
            async resolveUserFn(context: { request: Request }) {
              const header = context.request.headers.get('authorization') ?? '';
              const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
              if (!token) return null;
              try {
                const { payload } = await jwtVerify(token, key, {
                  issuer: tokens.issuer,
                  audience: tokens.audience,
                });
                if (!isRole(payload.role)) return null;
                const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
                const subgraph =
                  typeof payload.subgraph === 'string' ? payload.subgraph : undefined;
                return { scopes: effectiveScopes(payload.role, subgraph, claimed) };
              } catch {
                return null;
              }
            },
            extractScopes: (user?: { scopes?: string[] } | null) => user?.scopes ?? [],
          },
        }
      : {}),
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}
