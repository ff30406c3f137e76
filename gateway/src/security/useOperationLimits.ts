import type { Identity } from '@home-affairs/identity';
import type { RequestHandler } from 'express';
import { GraphQLError, parse } from 'graphql';
import { sendError } from './httpRefusals.ts';
import { measureOperation } from './measureOperation.ts';
import type { OperationLimits } from './securityConfigFromEnv.ts';
import {
  checkOperation,
  limitError,
  requireSupergraph,
  type SecurityPlugin,
  type SupergraphSource,
} from './securityPlugin.ts';

/** What `useOperationLimits` enforces. */
export interface OperationLimitsOptions {
  /**
   * Lexical tokens a document may have (`LIMIT_MAX_TOKENS`), comments aside.
   * @default 2000 (securityConfigFromEnv)
   */
  maxTokens: number;
  /**
   * Depth, aliases, root fields and cost budget of each role's operations (`LIMIT_*`).
   * @default defaultLimits (anonymous: depth 10, aliases 20, root fields 10, cost 50,000)
   */
  limits: Record<Identity['role'], OperationLimits>;
  /**
   * Assumed length of a list whose size neither an argument nor `@listSize` gives
   * (`LIMIT_DEFAULT_LIST_SIZE`).
   * @default 10 (securityConfigFromEnv)
   */
  defaultListSize: number;
  /** The supergraph's `@cost` and `@listSize`. */
  supergraph: SupergraphSource;
}

/** graphql-js's refusal of a document over `maxTokens` ("more that" in graphql 16, "than" later). */
const tokenLimitMessage = /Document contains more tha[nt] \d+ tokens/;

/**
 * Whether a document has more than `maxTokens` lexical tokens, by graphql-js's own parser, which
 * stops counting at the first token over. A document that does not parse before that is not
 * refused here: Apollo Server answers its parse error.
 */
export function exceedsTokenLimit(query: string, maxTokens: number): boolean {
  try {
    parse(query, { maxTokens, noLocation: true });
    return false;
  } catch (error) {
    return error instanceof GraphQLError && tokenLimitMessage.test(error.message);
  }
}

/**
 * Limits on the size of an operation:
 *
 * - on the request, before anything parses it for Apollo Server, a document over `maxTokens`
 *   tokens is refused with 400 `TOKEN_LIMIT_EXCEEDED` (graphql-js's `parse(…, { maxTokens })`);
 * - on the operation, after validation, the caller's role's budgets: an estimated cost over
 *   `maxCost` (or too large to estimate), 400 `COST_LIMIT_EXCEEDED`; then depth, aliases and root
 *   fields over their limits, 400 `DEPTH_LIMIT_EXCEEDED`, `ALIAS_LIMIT_EXCEEDED`,
 *   `ROOT_FIELD_LIMIT_EXCEEDED`. All four come from one walk of the operation
 *   (`measureOperation`), whose cost knows connections (`first`/`last`, `@listSize`) and `@cost`.
 */
export function useOperationLimits(options: OperationLimitsOptions): SecurityPlugin {
  const { maxTokens } = options;
  const refuseLongDocuments: RequestHandler = (request, response, next) => {
    const body = request.body as Record<string, unknown> | undefined;
    const query = body?.query ?? request.query.query;
    if (typeof query === 'string' && exceedsTokenLimit(query, maxTokens)) {
      sendError(
        response,
        400,
        'TOKEN_LIMIT_EXCEEDED',
        `The document has more than ${maxTokens} tokens.`,
      );
      return;
    }
    next();
  };
  return {
    http: [refuseLongDocuments],
    operation: checkOperation(({ identity }, requestContext) => {
      const supergraph = requireSupergraph(options.supergraph);
      const measure = measureOperation({
        schema: requestContext.schema,
        document: requestContext.document,
        operationName: requestContext.operationName,
        variables: requestContext.request.variables,
        costs: supergraph.costs,
        listSizes: supergraph.listSizes,
        defaultListSize: options.defaultListSize,
      });
      checkLimits(measure, options.limits[identity.role]);
    }),
  };
}

/** Throws the first limit the measured operation is over, cost first. */
function checkLimits(measure: ReturnType<typeof measureOperation>, limits: OperationLimits): void {
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
}
