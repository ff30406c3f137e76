import type { DocumentNode } from 'graphql';

/** An operation some client really runs: from a trusted-document manifest or the audit log. */
export interface UsedOperation {
  /** The operation's name, or `(anonymous)`. */
  name: string;
  /** Where it was found: a manifest's path, or `audit log`. */
  source: string;
  /** SHA-256 of the document, as manifests and the audit log name it. */
  hash: string;
  document: DocumentNode;
  /** Audit log only: how often it ran in the window, and the last day it did. */
  runs?: number | undefined;
  lastRun?: string | undefined;
}

/** How an operation is named in a report: `NgheAn (dashboard/persisted-documents.json)`. */
export function describeOperation(operation: UsedOperation): string {
  const runs =
    operation.runs === undefined
      ? ''
      : `, ${operation.runs} run${operation.runs === 1 ? '' : 's'}, last ${operation.lastRun}`;
  return `${operation.name} (${operation.source}${runs})`;
}
