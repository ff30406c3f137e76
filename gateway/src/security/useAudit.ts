import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { canonicalJson } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import { GraphQLError } from 'graphql';
import {
  type AuditEntry,
  type AuditLog,
  AuditQueueFullError,
  type AuditReservation,
} from './createAuditLog.ts';
import type { OperationDocuments } from './createOperationDocuments.ts';
import type { PreparedSupergraph } from './prepareSupergraph.ts';
import { redactEveryValue, redactOperationVariables } from './redactVariables.ts';
import type { RequestSecurity, SecurityContext } from './requestSecurity.ts';
import type { SecurityPlugin, SupergraphSource } from './securityPlugin.ts';

/** What `useAudit` records into. */
export interface AuditOptions {
  /** The hash-chained audit log (`createAuditLog`), in the gateway's database. */
  audit: AuditLog;
  /** Where the documents of audited operations are kept (`pnpm schema:check` reads them). */
  documents?: OperationDocuments | undefined;
  /** The supergraph's personal inputs, whose values are redacted. */
  supergraph: SupergraphSource;
  logger: Logger;
  /**
   * How long a write's response waits for its audit row before going out anyway (the row stays
   * queued and is retried).
   * @default 5000
   */
  auditWaitMilliseconds?: number;
}

/** Error codes that mean the gateway refused the request before executing it. */
const refusalCodes = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'DEPTH_LIMIT_EXCEEDED',
  'ALIAS_LIMIT_EXCEEDED',
  'ROOT_FIELD_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'TRUSTED_DOCUMENT_REQUIRED',
  'AUDIT_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Writes, and every read by a known caller, are recorded; anonymous public reads are not. */
function isAuditable(identity: Identity, operationType: string | undefined): boolean {
  return identity.role !== 'anonymous' || operationType === 'mutation';
}

/**
 * The audit log: every write, and every read by a known caller, is recorded with its outcome
 * (`ok`, `partial`, `error`, or `refused` when the gateway refused it before execution), its
 * subgraphs, its document's hash and its variables with personal values redacted.
 *
 * It comes first among the operation plugins: an auditable operation takes its place in the audit
 * queue before any check, so that every later refusal and the operation itself have their entry's
 * place; when the queue is full it is refused with 503 `AUDIT_UNAVAILABLE` and that refusal is not
 * recorded (it would need the place it was refused for; their number is logged every 10 s). A
 * write's response waits for its row (at most `auditWaitMilliseconds`).
 */
export function useAudit(options: AuditOptions): SecurityPlugin {
  const droppedRefusals = countUnrecorded(options.logger);
  return {
    operation: {
      async requestDidStart({ contextValue }) {
        const request: AuditedRequest = {
          started: performance.now(),
          state: contextValue.security,
          executed: false,
          refusedForAudit: false,
        };
        return {
          async didResolveOperation({ operation }) {
            const { state } = request;
            // Without a state `useAuthentication` refuses the request; without an operation nothing runs.
            if (!state || !operation) return;
            request.operationType = operation.operation;
            if (!isAuditable(state.identity, request.operationType)) return;
            request.reservation = options.audit.reserve();
            if (!request.reservation) {
              request.refusedForAudit = true;
              throw new GraphQLError('The audit log is unavailable; try again shortly.', {
                extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } },
              });
            }
          },
          async executionDidStart() {
            request.executed = true;
          },
          async willSendResponse(requestContext) {
            try {
              await recordAudit(requestContext, request, options, droppedRefusals);
            } finally {
              request.reservation?.release();
            }
          },
        };
      },
    },
  };
}

/** What the plugin learns of one request as it goes. */
interface AuditedRequest {
  started: number;
  state: RequestSecurity | undefined;
  operationType?: string | undefined;
  executed: boolean;
  reservation?: AuditReservation | undefined;
  refusedForAudit: boolean;
}

async function recordAudit(
  requestContext: GraphQLRequestContextWillSendResponse<SecurityContext>,
  request: AuditedRequest,
  options: AuditOptions,
  droppedRefusals: { count(): void },
): Promise<void> {
  const { state, operationType, executed, reservation } = request;
  if (request.refusedForAudit) {
    droppedRefusals.count();
    return;
  }
  if (!state || !isAuditable(state.identity, operationType)) return;
  const entry = auditEntryOf(requestContext, request, state, options.supergraph());
  if (requestContext.document && requestContext.queryHash) {
    options.documents?.record(requestContext.queryHash, requestContext.document);
  }
  const wait = operationType === 'mutation' && executed;
  let recorded: Promise<void>;
  if (reservation) {
    recorded = reservation.record(entry, { wait });
  } else {
    // Ended before its operation was resolved (a parse or validation error): nothing ran,
    // and with the queue full its refusal is not recorded rather than grow the queue.
    recorded = options.audit.record(entry, { wait }).catch((error: unknown) => {
      if (!(error instanceof AuditQueueFullError)) throw error;
      droppedRefusals.count();
    });
  }
  if (!wait) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.auditWaitMilliseconds ?? 5_000);
  });
  const result = await Promise.race([recorded, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout')
    options.logger.warn('write answered before its audit row was committed');
}

/** The audit row of a request that is about to be answered. */
function auditEntryOf(
  requestContext: GraphQLRequestContextWillSendResponse<SecurityContext>,
  request: AuditedRequest,
  state: RequestSecurity,
  supergraph: PreparedSupergraph | undefined,
): AuditEntry {
  const errors = requestContext.errors ?? [];
  const errorCodes = errors.map((error) =>
    String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
  );
  const body = requestContext.response.body;
  const hasData = body.kind === 'single' && body.singleResult.data != null;
  const outcome =
    errors.length === 0
      ? 'ok'
      : !request.executed && errorCodes.every((code) => refusalCodes.has(code))
        ? 'refused'
        : hasData
          ? 'partial'
          : 'error';
  return {
    at: new Date(),
    subject: state.identity.subject,
    role: state.identity.role,
    tokenId: state.identity.tokenId ?? null,
    clientName: state.clientName ?? null,
    operationType: request.operationType ?? null,
    operationName: requestContext.operationName ?? requestContext.request.operationName ?? null,
    documentHash: requestContext.queryHash ?? null,
    variables: canonicalJson(auditedVariables(requestContext, supergraph)),
    subgraphs: [...state.subgraphs].sort(),
    outcome,
    errorCodes,
    durationMs: Math.round(performance.now() - request.started),
  };
}

/**
 * The variables as the audit log keeps them: with the schema's personal inputs redacted when the
 * operation was resolved; else (a parse or validation error: nothing ran) every value redacted.
 */
function auditedVariables(
  requestContext: GraphQLRequestContextWillSendResponse<SecurityContext>,
  supergraph: PreparedSupergraph | undefined,
): unknown {
  const variables = requestContext.request.variables ?? {};
  const { document, operation, schema } = requestContext;
  if (!document || !operation || !supergraph) return redactEveryValue(variables);
  return redactOperationVariables(variables, {
    schema,
    document,
    operation,
    personalInputs: supergraph.personalInputs,
  });
}

/**
 * Counts the refusals not recorded because the audit queue was full, and logs their number at
 * most every 10 s: a flood of refusals must not become a flood of log lines either.
 */
function countUnrecorded(logger: Logger): { count(): void } {
  let unlogged = 0;
  let lastLogged = 0;
  return {
    count() {
      unlogged += 1;
      const now = Date.now();
      if (now - lastLogged < 10_000) return;
      logger.warn({ refusals: unlogged }, 'audit queue full: refusals answered and not recorded');
      unlogged = 0;
      lastLogged = now;
    },
  };
}
