import type { Database } from '@home-affairs/db';
import { adminScope, type Identity } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import {
  type AdminInputProblem,
  checkRevocation,
  checkTokenRecord,
  isProblem,
} from './adminInput.ts';
import type { RateLimits } from './createRateLimits.ts';
import { databaseRevocationSource, type RevocationList } from './createRevocationList.ts';
import type { TokenVerifier } from './createTokenVerifier.ts';
import { auditLog, type securityTables } from './db/schema.ts';
import { answerClientErrors, sendError } from './httpRefusals.ts';
import { listIssuedTokens, recordIssuedToken, revocationExpiry } from './tokenRegistry.ts';
import { authenticateRequest } from './useAuthentication.ts';
import { limitRoutes } from './useRateLimits.ts';
import { verifyAuditChain } from './verifyAuditChain.ts';

/** What the routes beside GraphQL use. */
export interface AdminRouterOptions {
  verifier: TokenVerifier;
  rateLimits: RateLimits;
  revocations: RevocationList;
  /** Largest JSON body of an admin write (`LIMIT_BODY_SIZE`). */
  bodyLimit: string;
  /** The gateway's database; without it these routes answer 503 (or an empty list). */
  db?: Database<typeof securityTables> | undefined;
  logger: Logger;
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
 * The identity of a request to these routes; answers 401 and returns nothing when its token is
 * not acceptable or it has none.
 */
async function authenticateOrRefuse(
  request: Request,
  response: Response,
  verifier: TokenVerifier,
): Promise<Identity | undefined> {
  const state = await authenticateRequest(request, response, verifier);
  if (state.identityError) {
    sendError(response, 401, 'UNAUTHENTICATED', state.identityError.message);
    return undefined;
  }
  if (state.identity.role === 'anonymous') {
    sendError(response, 401, 'UNAUTHENTICATED', 'This endpoint needs a bearer token.');
    return undefined;
  }
  return state.identity;
}

/** Lets through a request with the `admin` scope; 401 or 403 otherwise. */
function adminsOnly(verifier: TokenVerifier) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      const identity = await authenticateOrRefuse(request, response, verifier);
      if (!identity) return;
      if (!identity.scopes.includes(adminScope)) {
        sendError(response, 403, 'FORBIDDEN', 'This endpoint is for administrators.');
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** An async route whose failure goes to the router's error handler. */
function handle(route: (request: Request, response: Response) => Promise<void>) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      await route(request, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The routes beside GraphQL, each limited per client address and per token apart from GraphQL
 * (`limitRoutes`) and authenticated by bearer token (401 `UNAUTHENTICATED` without one):
 *
 * - `GET /usage`: the caller's own audit records of the last 30 days (a researcher sees what it
 *   ran), by day and the 50 most recent;
 * - `GET|POST /admin/tokens`, `POST /admin/revocations`, `GET /admin/audit/verify`: the token
 *   registry, revocation and the audit chain's check, for admins (403 `FORBIDDEN` otherwise).
 *   This is how `pnpm tokens revoke` reaches a running gateway that keeps its database to itself
 *   (PGlite).
 */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const { verifier, logger, db } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit });

  const authenticate = (request: Request, response: Response) =>
    authenticateOrRefuse(request, response, verifier);
  const requireAdmin = adminsOnly(verifier);

  router.use(['/usage', '/admin'], limitRoutes(options.rateLimits, verifier));
  router.get(
    '/usage',
    handle(async (request, response) => {
      const identity = await authenticate(request, response);
      if (!identity) return;
      if (!db) {
        sendError(response, 503, 'AUDIT_UNAVAILABLE', 'This gateway keeps no audit log.');
        return;
      }
      response.json(await usageOf(db, identity));
    }),
  );
  router.post(
    '/admin/revocations',
    requireAdmin,
    requireJson,
    json,
    handle(async (request, response) => {
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
    }),
  );
  router.post(
    '/admin/tokens',
    requireAdmin,
    requireJson,
    json,
    handle(async (request, response) => {
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
    }),
  );
  router.get(
    '/admin/tokens',
    requireAdmin,
    handle(async (_request, response) => {
      response.json(db ? await listIssuedTokens(db) : []);
    }),
  );
  router.get(
    '/admin/audit/verify',
    requireAdmin,
    handle(async (_request, response) => {
      if (!db) {
        sendError(response, 503, 'AUDIT_UNAVAILABLE', 'This gateway keeps no audit log.');
        return;
      }
      response.json(await verifyAuditChain(db));
    }),
  );
  router.use(answerClientErrors(options.bodyLimit));
  return router;
}

/** The caller's own audit records of the last 30 days: counts by day, and the 50 most recent. */
async function usageOf(db: Database<typeof securityTables>, identity: Identity) {
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
  return { subject: identity.subject, since: since.toISOString(), byDay, recent };
}
