import { isCalendarDate, isDateInRange, stringProblem } from '@home-affairs/graphql';
import { isProvinceCode, isRole, isSubgraphName } from '@home-affairs/identity';
import type { TokenRecord } from './tokenRegistry.ts';

/** A refused admin request body: the field at fault and why, for a BAD_USER_INPUT answer. */
export interface AdminInputProblem {
  field: string;
  message: string;
}

/** Longest token id, subject or scope the registry keeps (a UUID is 36). */
const maxTextLength = 200;

const timestampPattern =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * The instant an ISO 8601 timestamp with a zone names (`2026-01-31T00:00:00Z`), or undefined for
 * anything else: JavaScript's `Date` reads `2025-02-30` as 2 March and a number as milliseconds,
 * so the text is checked first.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = timestampPattern.exec(value);
  if (!match || !isCalendarDate(match[1]!) || !isDateInRange(match[1]!)) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

function textProblem(value: unknown, field: string): AdminInputProblem | undefined {
  if (typeof value !== 'string' || value === '') {
    return { field, message: `${field} must be a non-empty string.` };
  }
  const problem = stringProblem(value, maxTextLength);
  return problem ? { field, message: `${field} ${problem}.` } : undefined;
}

/** Checks the body of `POST /admin/revocations`: `{ id, expiresAt? }`. */
export function checkRevocation(
  body: unknown,
): { id: string; expiresAt: Date | undefined } | AdminInputProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { field: 'id', message: 'A revocation is an object with the token id.' };
  }
  const { id, expiresAt } = body as { id?: unknown; expiresAt?: unknown };
  const idProblem = textProblem(id, 'id');
  if (idProblem) return idProblem;
  if (expiresAt === undefined || expiresAt === null)
    return { id: id as string, expiresAt: undefined };
  const instant = parseTimestamp(expiresAt);
  if (!instant) {
    return {
      field: 'expiresAt',
      message: 'expiresAt must be an ISO 8601 timestamp with a zone, e.g. 2026-01-31T00:00:00Z.',
    };
  }
  return { id: id as string, expiresAt: instant };
}

/** Checks the body of `POST /admin/tokens`: the metadata of one issued token. */
export function checkTokenRecord(
  body: unknown,
): Omit<TokenRecord, 'revokedAt'> | AdminInputProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { field: 'id', message: 'A token record is an object.' };
  }
  const record = body as Record<string, unknown>;
  for (const field of ['id', 'subject']) {
    const problem = textProblem(record[field], field);
    if (problem) return problem;
  }
  if (typeof record.role !== 'string' || !isRole(record.role) || record.role === 'anonymous') {
    return { field: 'role', message: 'role must be researcher, writer or admin.' };
  }
  const { scopes } = record;
  if (
    !Array.isArray(scopes) ||
    scopes.length > 50 ||
    scopes.some((scope) => textProblem(scope, 'scope') !== undefined)
  ) {
    return { field: 'scopes', message: 'scopes must be a list of at most 50 scope names.' };
  }
  const subgraph = record.subgraph ?? null;
  if (subgraph !== null && (typeof subgraph !== 'string' || !isSubgraphName(subgraph))) {
    return { field: 'subgraph', message: 'subgraph must be a subgraph name (one lowercase word).' };
  }
  const province = record.province ?? null;
  if (province !== null && (typeof province !== 'string' || !isProvinceCode(province))) {
    return { field: 'province', message: 'province must be a two-digit province code.' };
  }
  const issuedAt = parseTimestamp(record.issuedAt);
  const expiresAt = parseTimestamp(record.expiresAt);
  if (!issuedAt || !expiresAt || expiresAt <= issuedAt) {
    return {
      field: issuedAt ? 'expiresAt' : 'issuedAt',
      message: 'issuedAt and expiresAt must be ISO 8601 timestamps with a zone, expiresAt later.',
    };
  }
  return {
    id: record.id as string,
    subject: record.subject as string,
    role: record.role,
    subgraph,
    province,
    scopes: scopes as string[],
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
}

/** Whether a check refused its input. */
export function isProblem(value: object): value is AdminInputProblem {
  return 'message' in value;
}
