import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { canonicalJson } from '@home-affairs/graphql';
import {
  enforcePolicies,
  forbiddenError,
  fragmentsOf,
  type Identity,
  unauthenticatedError,
} from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import {
  type AuditEntry,
  type AuditLog,
  AuditQueueFullError,
  type AuditReservation,
} from './createAuditLog.ts';
import type { OperationDocuments } from './createOperationDocuments.ts';
import type { TrustedDocumentRegistry } from './loadTrustedDocuments.ts';
import { measureOperation } from './measureOperation.ts';
import type { PreparedSupergraph } from './prepareSupergraph.ts';
import { redactEveryValue, redactOperationVariables } from './redactVariables.ts';
import { requestSecurityOf, type SecurityContext } from './requestSecurity.ts';
import type { IntrospectionPolicy, OperationLimits } from './securityConfigFromEnv.ts';

/** What the plugin enforces. */
export interface SecurityPluginOptions {
  /** The prepared supergraph's policies; read on every request, so it may be swapped. */
  supergraph: () => PreparedSupergraph | undefined;
  limits: Record<Identity['role'], OperationLimits>;
  defaultListSize: number;
  introspection: IntrospectionPolicy;
  trustedDocuments: TrustedDocumentRegistry;
  audit?: AuditLog | undefined;
  /** Where the documents of audited operations are kept (`pnpm schema:check` reads them). */
  documents?: OperationDocuments | undefined;
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

/** The root fields that introspect the schema (`__typename` reveals nothing). */
const introspectionFields = new Set(['__schema', '__type']);

function limitError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * The gateway's Apollo Server plugin. In `didResolveOperation`, after parsing and validation and
 * before the query planner sends anything to a subgraph, it refuses in this order: an unacceptable
 * token, introspection the policy does not allow, an unreviewed document from a client that must
 * use trusted documents, a field the identity's policies do not reach, a write outside the
 * writer's subgraph or province, and an operation over its role's limits. Before all of these, an
 * auditable operation takes a place in the audit queue; when the queue is full it is refused
 * with 503 `AUDIT_UNAVAILABLE` and that refusal is not recorded (it would need the place it was
 * refused for). In `willSendResponse` it queues the audit entry in its place.
 */
export function createSecurityPlugin(
  options: SecurityPluginOptions,
): ApolloServerPlugin<SecurityContext> {
  const { logger, audit } = options;
  const droppedRefusals = countUnrecorded(logger);
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const state = requestSecurityOf(contextValue);
      let operationType: string | undefined;
      let executed = false;
      let reservation: AuditReservation | undefined;
      let refusedForAudit = false;
      return {
        async didResolveOperation(requestContext) {
          if (!state) {
            // The middleware did not run: never serve without an identity decision.
            logger.error(
              'security state missing: are security.gatewayOptions given to createGateway?',
            );
            throw new GraphQLError('The gateway is misconfigured.', {
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            });
          }
          const { document, operation, schema } = requestContext;
          // Apollo resolves the operation before this hook; without one there is nothing to run.
          if (!operation) return;
          operationType = operation.operation;
          if (audit && isAuditable(state.identity, operationType)) {
            // First, so that every later refusal and the operation itself have their entry's place.
            reservation = audit.reserve();
            if (!reservation) {
              refusedForAudit = true;
              throw new GraphQLError('The audit log is unavailable; try again shortly.', {
                extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } },
              });
            }
          }
          if (state.identityError) throw state.identityError;
          const supergraph = options.supergraph();
          if (!supergraph) {
            throw new GraphQLError('The gateway has no prepared supergraph.', {
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            });
          }
          const { identity } = state;
          const roots = rootFields(operation.selectionSet, fragmentsOf(document));

          if (roots.some((field) => introspectionFields.has(field.name.value))) {
            checkIntrospection(options.introspection, identity);
          }
          const trusted = options.trustedDocuments;
          if (
            trusted.binds(state.clientName) &&
            !trusted.allows(state.clientName, requestContext.queryHash)
          ) {
            throw limitError(
              'TRUSTED_DOCUMENT_REQUIRED',
              'This client may only run operations from its reviewed manifest.',
            );
          }

          enforcePolicies({
            schema,
            document,
            operationName: requestContext.operationName,
            policies: supergraph.policies,
            identity,
          });
          if (operation.operation === 'mutation') {
            checkWriterScope(roots, requestContext.request.variables ?? {}, supergraph, identity);
          }

          const limits = options.limits[identity.role];
          const measure = measureOperation({
            schema,
            document,
            operationName: requestContext.operationName,
            variables: requestContext.request.variables,
            costs: supergraph.costs,
            listSizes: supergraph.listSizes,
            defaultListSize: options.defaultListSize,
          });
          if (measure.truncated || measure.cost > limits.maxCost) {
            throw limitError(
              'COST_LIMIT_EXCEEDED',
              measure.truncated
                ? 'The operation is too large to estimate.'
                : `The operation's estimated cost ${measure.cost} is over the budget of ${limits.maxCost}.`,
            );
          }
          if (measure.depth > limits.maxDepth) {
            throw limitError(
              'DEPTH_LIMIT_EXCEEDED',
              `The operation is ${measure.depth} levels deep; at most ${limits.maxDepth} are allowed.`,
            );
          }
          if (measure.aliases > limits.maxAliases) {
            throw limitError(
              'ALIAS_LIMIT_EXCEEDED',
              `The operation uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed.`,
            );
          }
          if (measure.rootFields > limits.maxRootFields) {
            throw limitError(
              'ROOT_FIELD_LIMIT_EXCEEDED',
              `The operation selects ${measure.rootFields} root fields; at most ${limits.maxRootFields} are allowed.`,
            );
          }
        },
        async executionDidStart() {
          executed = true;
        },
        async didEncounterErrors({ errors }) {
          // A suggestion names fields, arguments, types and enum values of the schema: a caller
          // who may not introspect would read the schema through its typos. Validation errors,
          // variable errors and subgraph errors all pass here before they are formatted.
          if (state && mayIntrospect(options.introspection, state.identity)) return;
          for (const error of errors) error.message = error.message.replace(suggestion, '');
        },
        async willSendResponse(requestContext) {
          try {
            await recordAudit(requestContext);
          } finally {
            reservation?.release();
          }
        },
      };

      async function recordAudit(
        requestContext: GraphQLRequestContextWillSendResponse<SecurityContext>,
      ): Promise<void> {
        if (refusedForAudit) {
          droppedRefusals.count();
          return;
        }
        if (!audit || !state || !isAuditable(state.identity, operationType)) return;
        const errors = requestContext.errors ?? [];
        const errorCodes = errors.map((error) =>
          String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
        );
        const body = requestContext.response.body;
        const hasData = body.kind === 'single' && body.singleResult.data != null;
        const outcome =
          errors.length === 0
            ? 'ok'
            : !executed && errorCodes.every((code) => refusalCodes.has(code))
              ? 'refused'
              : hasData
                ? 'partial'
                : 'error';
        const entry: AuditEntry = {
          at: new Date(),
          subject: state.identity.subject,
          role: state.identity.role,
          tokenId: state.identity.tokenId ?? null,
          clientName: state.clientName ?? null,
          operationType: operationType ?? null,
          operationName:
            requestContext.operationName ?? requestContext.request.operationName ?? null,
          documentHash: requestContext.queryHash ?? null,
          variables: canonicalJson(auditedVariables(requestContext, options.supergraph())),
          subgraphs: [...state.subgraphs].sort(),
          outcome,
          errorCodes,
          durationMs: Math.round(performance.now() - started),
        };
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
          recorded = audit.record(entry, { wait }).catch((error: unknown) => {
            if (!(error instanceof AuditQueueFullError)) throw error;
            droppedRefusals.count();
          });
        }
        if (wait) {
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), options.auditWaitMilliseconds ?? 5_000);
          });
          const result = await Promise.race([recorded, timedOut]);
          clearTimeout(timer);
          if (result === 'timeout')
            logger.warn('write answered before its audit row was committed');
        }
      }
    },
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

/** Writes, and every read by a known caller, are recorded; anonymous public reads are not. */
function isAuditable(identity: Identity, operationType: string | undefined): boolean {
  return identity.role !== 'anonymous' || operationType === 'mutation';
}

/** The root fields an operation selects, fragments at the root expanded. */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return rootFields(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/** Whether the policy lets this caller introspect the schema. */
function mayIntrospect(policy: IntrospectionPolicy, identity: Identity): boolean {
  if (policy === 'everyone') return true;
  if (policy === 'authenticated') return identity.role !== 'anonymous';
  return policy === 'admin' && identity.role === 'admin';
}

/** graphql-js's suggestion at the end of a message (`Did you mean "units"?`). */
const suggestion = / ?Did you mean(.+?)\?$/;

function checkIntrospection(policy: IntrospectionPolicy, identity: Identity): void {
  if (mayIntrospect(policy, identity)) return;
  if (identity.role === 'anonymous' && policy !== 'none') {
    throw unauthenticatedError('Introspection needs an authenticated caller.');
  }
  throw forbiddenError('Introspection is not allowed for this caller.');
}

/**
 * A ministry writer writes to its own subgraph only (the subgraph that resolves each mutation
 * field, from the supergraph's join directives, whatever the scopes say), and a province-restricted
 * one only with `provinceCode` arguments naming its province. The subgraph checks the records it
 * actually touches again (`requireProvince`).
 */
function checkWriterScope(
  roots: readonly FieldNode[],
  variables: Readonly<Record<string, unknown>>,
  supergraph: PreparedSupergraph,
  identity: Identity,
): void {
  if (identity.role !== 'writer') return;
  for (const field of roots) {
    if (field.name.value.startsWith('__')) continue;
    const coordinate = `Mutation.${field.name.value}`;
    const owners = supergraph.owners.get(coordinate) ?? [];
    if (!identity.subgraph || !owners.includes(identity.subgraph)) {
      throw forbiddenError(`${coordinate} belongs to another ministry's subgraph.`);
    }
    if (identity.province === undefined) continue;
    const provinces: unknown[] = [];
    for (const argument of field.arguments ?? []) {
      collectProvinceCodes(argument.name.value, argument.value, variables, provinces);
    }
    if (provinces.length === 0 || provinces.some((code) => code !== identity.province)) {
      throw forbiddenError(
        `${coordinate} must name this token's province in its provinceCode argument.`,
      );
    }
  }
}

function collectProvinceCodes(
  name: string,
  node: ValueNode,
  variables: Readonly<Record<string, unknown>>,
  found: unknown[],
): void {
  if (node.kind === Kind.VARIABLE) {
    collectFromValue(name, variables[node.name.value], found);
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields)
      collectProvinceCodes(field.name.value, field.value, variables, found);
  } else if (node.kind === Kind.LIST) {
    for (const value of node.values) collectProvinceCodes(name, value, variables, found);
  } else if (name === 'provinceCode') {
    found.push(node.kind === Kind.STRING ? node.value : undefined);
  }
}

function collectFromValue(name: string, value: unknown, found: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectFromValue(name, item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectFromValue(key, item, found);
  } else if (name === 'provinceCode') {
    found.push(value);
  }
}
