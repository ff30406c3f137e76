import { generateKeyPairSync } from 'node:crypto';
import {
  createForwardedIdentityReader,
  createForwardedIdentitySigner,
  type ForwardedIdentityReader,
  forwardedIdentityHeader,
  type Identity,
  scopesForRole,
} from '@home-affairs/identity';

/** A GraphQL answer as a test reads it. */
export interface TestAnswer<TData> {
  data: TData;
  errors:
    | {
        message: string;
        path?: readonly (string | number)[];
        extensions: Record<string, unknown>;
      }[]
    | undefined;
}

/** What a subgraph server offers a test: its Apollo Server and its per-request context. */
export interface TestSubgraphServer<TContext> {
  apollo: {
    executeOperation(
      request: { query: string; variables?: Record<string, unknown> },
      options: { contextValue: TContext },
    ): Promise<{ body: { kind: string; singleResult?: { data?: unknown; errors?: unknown } } }>;
  };
  context(args: { req: { headers: Record<string, string> } }): Promise<TContext>;
}

/** The gateway's signature as one subgraph's tests need it (see signedIdentities). */
export interface SignedIdentities {
  /** The subgraph's reader of the forwarded identity; pass it to the subgraph as `readIdentity`. */
  readIdentity: ForwardedIdentityReader;
  /**
   * Runs an operation on `server` as `identity`, signed as the gateway signs it and read back
   * through the subgraph's own context function, as a request from the gateway would be.
   */
  execute<TData = Record<string, unknown>, TContext = unknown>(
    server: TestSubgraphServer<TContext>,
    identity: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<TestAnswer<TData>>;
}

/**
 * A fresh Ed25519 key pair for one test file, with the gateway's signer and the reader of the
 * subgraph `subgraph`: tests then reach resolvers with identities that went through the real
 * signature check, province claim included.
 */
export function signedIdentities(subgraph: string): SignedIdentities {
  const pair = generateKeyPairSync('ed25519');
  const jwk = (key: typeof pair.privateKey) =>
    JSON.stringify({ ...key.export({ format: 'jwk' }), alg: 'EdDSA' });
  const signer = createForwardedIdentitySigner({ privateKey: jwk(pair.privateKey) });
  const readIdentity = createForwardedIdentityReader({ subgraph, publicKey: jwk(pair.publicKey) });
  return {
    readIdentity,
    async execute(server, identity, query, variables = {}) {
      const headers = { [forwardedIdentityHeader]: await signer.sign(identity, subgraph) };
      const response = await server.apollo.executeOperation(
        { query, variables },
        { contextValue: await server.context({ req: { headers } }) },
      );
      if (response.body.kind !== 'single' || !response.body.singleResult) {
        throw new Error('expected a single result');
      }
      const { data, errors } = response.body.singleResult;
      return { data, errors } as TestAnswer<never>;
    },
  };
}

/**
 * A ministry writer of `subgraph` as the gateway forwards it, restricted to `province` when given.
 * The subject names both, so the history tells test writers apart.
 */
export function writerIdentity(subgraph: string, province?: string): Identity {
  return {
    subject: `writer-${subgraph}-${province ?? 'all'}`,
    role: 'writer',
    scopes: scopesForRole('writer', subgraph),
    subgraph,
    province,
  };
}
