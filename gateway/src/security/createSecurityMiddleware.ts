import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Database } from '@home-affairs/db';
import {
  adminScope,
  anonymousIdentity,
  type Identity,
  unauthenticatedError,
} from '@home-affairs/identity';
import { clientErrorOf, type Logger, sendHttpError } from '@home-affairs/service';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import {
  type AdminInputProblem,
  checkRevocation,
  checkTokenRecord,
  isProblem,
} from './adminInput.ts';
import type { RateLimitRefusal, RateLimits } from './createRateLimits.ts';
import { databaseRevocationSource, type RevocationList } from './createRevocationList.ts';
import type { TokenVerifier } from './createTokenVerifier.ts';
import { auditLog, type securityTables } from './db/schema.ts';
import type { TrustedDocumentRegistry } from './loadTrustedDocuments.ts';
import { attachRequestSecurity, type RequestSecurity } from './requestSecurity.ts';
import { listIssuedTokens, recordIssuedToken, revocationExpiry } from './tokenRegistry.ts';
import { verifyAuditChain } from './verifyAuditChain.ts';

/** What the middleware needs. */
export interface SecurityMiddlewareOptions {
  verifier: TokenVerifier;
  rateLimits: RateLimits;
  revocations: RevocationList;
  bodyLimit: string;
  maxTokens: number;
  trustedDocuments: TrustedDocumentRegistry;
  db?: Database<typeof securityTables> | undefined;
  logger: Logger;
}

/** The path the GraphQL endpoint is served on. */
const graphqlPath = '/graphql';

/** Sends a GraphQL-shaped error from outside Apollo Server (body too large, rate limited). */
function sendError(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Answers 429 with `Retry-After` for a request over one of its rate limits. */
function sendRateLimited(response: Response, refusal: RateLimitRefusal): void {
  response.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  sendError(
    response,
    429,
    'RATE_LIMITED',
    `Too many requests for this ${refusal.limit === 'token' ? 'token' : 'address'}; retry in ${refusal.retryAfterSeconds} s.`,
  );
}

/** Answers a refused admin request body: 400 BAD_USER_INPUT naming the field at fault. */
function sendAdminInputError(response: Response, problem: AdminInputProblem): void {
  response.status(400).json({
    errors: [
      { message: problem.message, extensions: { code: 'BAD_USER_INPUT', field: problem.field } },
    ],
  });
}

/** Refuses an admin write whose body is not JSON (415), rather than reading it as empty. */
function requireJson(request: Request, response: Response, next: NextFunction): void {
  if (request.is('application/json')) {
    next();
    return;
  }
  sendError(response, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json.');
}

/**
 * What is wrong with a `persistedQuery` extension, checked before Apollo Server reads it (it
 * answers a version other than 1, or a hash that does not match the text, without a code).
 */
function persistedQueryProblem(
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
 * Returns the security state of a request, authenticating it on first use: a bearer token is
 * verified (signature, expiry, issuer, audience, revocation); no token means anonymous; a bad
 * one is remembered as an error the plugin returns, so that it never degrades to anonymous.
 */
async function authenticateRequest(
  headers: IncomingHttpHeaders,
  address: string,
  verifier: TokenVerifier,
): Promise<RequestSecurity> {
  const clientName = headers['apollographql-client-name'];
  const state: RequestSecurity = {
    identity: anonymousIdentity,
    address,
    clientName: typeof clientName === 'string' ? clientName.slice(0, 100) : undefined,
    subgraphs: new Set(),
  };
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) {
      state.identityError = unauthenticatedError(
        'The Authorization header must be "Bearer <token>".',
      );
    } else {
      try {
        const verified = await verifier.verify(match[1]!);
        state.identity = verified.identity;
        state.revocationId = verified.revocationId;
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        state.identityError = error;
      }
    }
  }
  attachRequestSecurity(headers, state);
  return state;
}

/** Counts the lexical tokens of a document, stopping past `max`. */
function tooManyTokens(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > max) return true;
    }
  } catch {
    // A lexing error is Apollo's to report, as a parse error.
  }
  return false;
}

/**
 * Express routes mounted before the GraphQL endpoint:
 *
 * - on `/graphql`: CSRF guard, body size limit (413), trusted document lookup by hash, token
 *   count limit, authentication, rate limits per client address and per token (429 with
 *   `Retry-After`), all before Apollo Server parses anything;
 * - on `/usage` and `/admin/*`: their own rate limits per client address and per token;
 * - `GET /usage`: the caller's own audit records (a researcher sees what it ran);
 * - `/admin/tokens`, `/admin/revocations`: token registry and revocation for admins, which is how
 *   `pnpm tokens revoke` reaches a running gateway that keeps its database to itself (PGlite).
 */
export function createSecurityMiddleware(options: SecurityMiddlewareOptions): Router {
  const { verifier, rateLimits, logger, db } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit });
  const address = (request: Request) => request.ip ?? request.socket.remoteAddress ?? 'unknown';

  const authenticate = async (
    request: Request,
    response: Response,
  ): Promise<Identity | undefined> => {
    const state = await authenticateRequest(request.headers, address(request), verifier);
    if (state.identityError) {
      sendError(response, 401, 'UNAUTHENTICATED', state.identityError.message);
      return undefined;
    }
    if (state.identity.role === 'anonymous') {
      sendError(response, 401, 'UNAUTHENTICATED', 'This endpoint needs a bearer token.');
      return undefined;
    }
    return state.identity;
  };
  const requireAdmin = async (request: Request, response: Response, next: NextFunction) => {
    const identity = await authenticate(request, response);
    if (!identity) return;
    if (!identity.scopes.includes(adminScope)) {
      sendError(response, 403, 'FORBIDDEN', 'This endpoint is for administrators.');
      return;
    }
    next();
  };

  router.use(graphqlPath, async (request, response, next) => {
    // Apollo Server's csrfPrevention, enforced here too so that no configuration can turn it off:
    // a request a browser could send cross-site without a preflight must carry a custom header.
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const simple = ['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];
    if (
      simple.includes(contentType) &&
      !request.headers['apollo-require-preflight'] &&
      !request.headers['x-apollo-operation-name']
    ) {
      // A GET without an operation runs nothing (the GraphiQL page is one): nothing to forge.
      const operation = request.query.query !== undefined || request.query.extensions !== undefined;
      if (request.method === 'POST' || (request.method === 'GET' && operation)) {
        sendError(
          response,
          400,
          'CSRF_PREVENTED',
          'This request needs a Content-Type of application/json or an apollo-require-preflight header.',
        );
        return;
      }
    }
    next();
  });
  router.use(graphqlPath, json, async (request, response, next) => {
    try {
      const body = request.body as Record<string, unknown> | undefined;
      if (Array.isArray(body)) {
        sendError(response, 400, 'BAD_REQUEST', 'Batched requests are not accepted.');
        return;
      }
      // A trusted document may be sent by hash alone: fill in its reviewed text.
      const persisted = (body?.extensions as { persistedQuery?: unknown } | undefined)
        ?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
      const malformed =
        persisted === undefined ? undefined : persistedQueryProblem(persisted, body?.query);
      if (malformed) {
        sendError(response, 400, malformed.code, malformed.message);
        return;
      }
      if (body && !body.query && typeof persisted?.sha256Hash === 'string') {
        const document = options.trustedDocuments.bodyOf(persisted.sha256Hash);
        if (document) body.query = document;
      }
      const query = body?.query ?? request.query.query;
      if (typeof query === 'string' && tooManyTokens(query, options.maxTokens)) {
        sendError(
          response,
          400,
          'TOKEN_LIMIT_EXCEEDED',
          `The document has more than ${options.maxTokens} tokens.`,
        );
        return;
      }
      const state = await authenticateRequest(request.headers, address(request), verifier);
      const refusal = await rateLimits.consume({
        address: state.address,
        token: state.identityError ? undefined : state.revocationId,
      });
      if (refusal) {
        sendRateLimited(response, refusal);
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  // Each call of /usage and /admin/* reads the database: limited per client address before its
  // token is even verified, then per token (RATE_LIMIT_ROUTES_PER_MINUTE each), apart from GraphQL.
  router.use(['/usage', '/admin'], async (request, response, next) => {
    try {
      const byAddress = await rateLimits.consumeRoute({ address: address(request) });
      if (byAddress) {
        sendRateLimited(response, byAddress);
        return;
      }
      const state = await authenticateRequest(request.headers, address(request), verifier);
      const byToken = state.identityError
        ? undefined
        : await rateLimits.consumeRoute({ token: state.revocationId });
      if (byToken) {
        sendRateLimited(response, byToken);
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  router.get('/usage', async (request, response, next) => {
    try {
      const identity = await authenticate(request, response);
      if (!identity) return;
      if (!db) {
        sendError(response, 503, 'AUDIT_UNAVAILABLE', 'This gateway keeps no audit log.');
        return;
      }
      const since = new Date(Date.now() - 30 * 24 * 3600 * 1000);
      const mine = and(eq(auditLog.subject, identity.subject!), gte(auditLog.at, since));
      const day = sql<string>`to_char(${auditLog.at} AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
      const [byDay, recent] = await Promise.all([
        db
          .select({
            day,
            operations: sql<number>`count(*)::int`,
            refused: sql<number>`count(*) FILTER (WHERE ${auditLog.outcome} = 'refused')::int`,
          })
          .from(auditLog)
          .where(mine)
          .groupBy(day)
          .orderBy(day),
        db
          .select({
            at: auditLog.at,
            operationName: auditLog.operationName,
            operationType: auditLog.operationType,
            documentHash: auditLog.documentHash,
            outcome: auditLog.outcome,
            durationMs: auditLog.durationMs,
          })
          .from(auditLog)
          .where(mine)
          .orderBy(desc(auditLog.sequence))
          .limit(50),
      ]);
      response.json({ subject: identity.subject, since: since.toISOString(), byDay, recent });
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/admin/revocations',
    requireAdmin,
    requireJson,
    json,
    async (request, response, next) => {
      try {
        const checked = checkRevocation(request.body);
        if (isProblem(checked)) {
          sendAdminInputError(response, checked);
          return;
        }
        const { id } = checked;
        const expiry = await revocationExpiry(db, id, checked.expiresAt);
        await options.revocations.revoke(id, expiry);
        // Keep the registry's record too when gateways read revocations from Redis.
        if (db && options.revocations.source.kind !== 'database') {
          await databaseRevocationSource(db).add(id, expiry);
        }
        logger.info({ tokenId: id }, 'token revoked');
        response.status(201).json({ id, expiresAt: expiry.toISOString() });
      } catch (error) {
        next(error);
      }
    },
  );
  router.post('/admin/tokens', requireAdmin, requireJson, json, async (request, response, next) => {
    try {
      if (!db) {
        sendError(response, 503, 'REGISTRY_UNAVAILABLE', 'This gateway keeps no token registry.');
        return;
      }
      const record = checkTokenRecord(request.body);
      if (isProblem(record)) {
        sendAdminInputError(response, record);
        return;
      }
      await recordIssuedToken(db, record);
      response.status(201).json({ id: record.id });
    } catch (error) {
      next(error);
    }
  });
  router.get('/admin/tokens', requireAdmin, async (_request, response, next) => {
    try {
      response.json(db ? await listIssuedTokens(db) : []);
    } catch (error) {
      next(error);
    }
  });

  router.get('/admin/audit/verify', requireAdmin, async (_request, response, next) => {
    try {
      if (!db) {
        sendError(response, 503, 'AUDIT_UNAVAILABLE', 'This gateway keeps no audit log.');
        return;
      }
      response.json(await verifyAuditChain(db));
    } catch (error) {
      next(error);
    }
  });

  router.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const refusal = clientErrorOf(error, options.bodyLimit);
    if (refusal) {
      sendHttpError(response, refusal);
      return;
    }
    // The process's last handler logs it and answers a coded 500 (shared/service httpErrors).
    next(error);
  });
  return router;
}
