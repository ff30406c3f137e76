import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './httpRefusals.ts';
import type { TrustedDocumentRegistry } from './loadTrustedDocuments.ts';
import { checkOperation, limitError, type SecurityPlugin } from './securityPlugin.ts';

/** What `useTrustedDocuments` reads. */
export interface TrustedDocumentsOptions {
  /**
   * The reviewed manifests and the clients (`apollographql-client-name`) each binds
   * (`TRUSTED_DOCUMENTS`).
   * @default no manifest: every client may send its own documents
   */
  trustedDocuments: TrustedDocumentRegistry;
}

/**
 * What is wrong with a `persistedQuery` extension, checked before Apollo Server reads it (it
 * answers a version other than 1, or a hash that does not match the text, without a code).
 */
export function persistedQueryProblem(
  persisted: unknown,
  query: unknown,
): { code: string; message: string } | undefined {
  if (typeof persisted !== 'object' || persisted === null || Array.isArray(persisted)) {
    return { code: 'BAD_REQUEST', message: 'extensions.persistedQuery must be an object.' };
  }
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) {
    return {
      code: 'PERSISTED_QUERY_NOT_SUPPORTED',
      message: 'Only version 1 of persisted queries is supported.',
    };
  }
  if (typeof sha256Hash !== 'string') {
    return {
      code: 'BAD_REQUEST',
      message: 'extensions.persistedQuery.sha256Hash must be a string.',
    };
  }
  if (
    typeof query === 'string' &&
    createHash('sha256').update(query).digest('hex') !== sha256Hash
  ) {
    return { code: 'BAD_REQUEST', message: 'The sha256Hash is not the hash of the query sent.' };
  }
  return undefined;
}

/**
 * Trusted documents (persisted operations, docs/security.md):
 *
 * - on the request, a `persistedQuery` extension is checked (400 `BAD_REQUEST`, or
 *   `PERSISTED_QUERY_NOT_SUPPORTED` for a version other than 1), and a document sent by its hash
 *   alone gets its reviewed text from the manifests; an unknown hash is left to Apollo Server,
 *   which answers `PERSISTED_QUERY_NOT_FOUND`;
 * - on the operation, a client that a manifest binds may run only that manifest's documents:
 *   anything else is refused with 400 `TRUSTED_DOCUMENT_REQUIRED`. Other clients (scripts,
 *   notebooks) may send their own documents.
 */
export function useTrustedDocuments(options: TrustedDocumentsOptions): SecurityPlugin {
  const { trustedDocuments } = options;
  const resolveByHash: RequestHandler = (request, response, next) => {
    const body = request.body as Record<string, unknown> | undefined;
    const persisted = (body?.extensions as { persistedQuery?: unknown } | undefined)
      ?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
    const malformed =
      persisted === undefined ? undefined : persistedQueryProblem(persisted, body?.query);
    if (malformed) {
      sendError(response, 400, malformed.code, malformed.message);
      return;
    }
    if (body && !body.query && typeof persisted?.sha256Hash === 'string') {
      const document = trustedDocuments.bodyOf(persisted.sha256Hash);
      if (document) body.query = document;
    }
    next();
  };
  return {
    http: [resolveByHash],
    operation: checkOperation(({ clientName }, { queryHash }) => {
      if (trustedDocuments.binds(clientName) && !trustedDocuments.allows(clientName, queryHash)) {
        throw limitError(
          'TRUSTED_DOCUMENT_REQUIRED',
          'This client may only run operations from its reviewed manifest.',
        );
      }
    }),
  };
}
