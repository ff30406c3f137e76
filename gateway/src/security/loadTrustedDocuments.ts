import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Reviewed operations by the SHA-256 of their text. */
export type TrustedDocuments = ReadonlyMap<string, { name: string; body: string }>;

/** One manifest of trusted documents and the clients it binds. */
export interface TrustedDocumentSet {
  /** Client names (`apollographql-client-name`) that may run only these documents; `*` for all. */
  clients: readonly string[];
  documents: TrustedDocuments;
}

/** Where a manifest is and which clients it binds, as the configuration gives it. */
export interface TrustedManifestSource {
  /** Apollo persisted query manifest. */
  path: string;
  /** Client names bound to it; `*` for every client. */
  clients: readonly string[];
}

/**
 * Every client's trusted documents, as the gateway enforces them: a client bound by one or more
 * manifests may run only documents of those manifests. Any known document may be sent by hash.
 */
export interface TrustedDocumentRegistry {
  /** The reviewed text of a hash, from any manifest: a hash names its text whoever sends it. */
  bodyOf(hash: string): string | undefined;
  /** Whether `clientName` is bound by a manifest (an unnamed client only by a `*` one). */
  binds(clientName: string | undefined): boolean;
  /** Whether the manifests binding `clientName` hold the document with this hash. */
  allows(clientName: string | undefined, hash: string): boolean;
  /** The sets, for logs and tests. */
  sets: readonly TrustedDocumentSet[];
}

/**
 * Reads an Apollo persisted query manifest (`{ format: "apollo-persisted-query-manifest",
 * operations: [{ id, name, type, body }] }`, as `@apollo/generate-persisted-query-manifest` and
 * the dashboard's `pnpm codegen` write it). Each id must be the SHA-256 of its body, so that a
 * document found by hash is the document that was reviewed.
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    format?: string;
    operations?: { id: string; name: string; body: string }[];
  };
  if (
    manifest.format !== 'apollo-persisted-query-manifest' ||
    !Array.isArray(manifest.operations)
  ) {
    throw new Error(`${path} is not an Apollo persisted query manifest`);
  }
  const documents = new Map<string, { name: string; body: string }>();
  for (const operation of manifest.operations) {
    const hash = createHash('sha256').update(operation.body).digest('hex');
    if (hash !== operation.id) {
      throw new Error(`Trusted document ${operation.name} has an id that is not its SHA-256`);
    }
    documents.set(hash, { name: operation.name, body: operation.body });
  }
  return documents;
}

/** Loads every configured manifest into one registry (throws on a missing or malformed file). */
export function loadTrustedDocumentRegistry(
  sources: readonly TrustedManifestSource[],
): TrustedDocumentRegistry {
  const sets: TrustedDocumentSet[] = sources.map((source) => ({
    clients: source.clients,
    documents: loadTrustedDocuments(source.path),
  }));
  const binding = (clientName: string | undefined) =>
    sets.filter(
      (set) =>
        set.clients.includes('*') || (clientName !== undefined && set.clients.includes(clientName)),
    );
  return {
    sets,
    bodyOf: (hash) => {
      for (const set of sets) {
        const document = set.documents.get(hash);
        if (document) return document.body;
      }
      return undefined;
    },
    binds: (clientName) => binding(clientName).length > 0,
    allows: (clientName, hash) => binding(clientName).some((set) => set.documents.has(hash)),
  };
}
