import type { Server } from 'node:http';
import { traceIdOfRequest } from '@home-affairs/telemetry';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from './createLogger.ts';

/** An error answer outside GraphQL execution: its HTTP status, its code and what the client reads. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
}

/**
 * Sends a GraphQL-shaped error (`{ errors: [{ message, extensions: { code, traceId } }] }`) from
 * outside Apollo Server, so that every route of every process answers errors in the one shape a
 * client already reads, with the request's trace id (`traceRequests` gives every request one) that
 * a user quotes and an operator greps the logs for (docs/operations.md).
 */
export function sendHttpError(response: Response, error: HttpError): void {
  const traceId = traceIdOfRequest(response.req?.headers);
  response.status(error.status).json({
    errors: [
      { message: error.message, extensions: { code: error.code, ...(traceId ? { traceId } : {}) } },
    ],
  });
}

/**
 * A JSON error body (`{ errors: [...] }`) with `traceId` added to each error's `extensions` that
 * lacks one; any other body (not JSON, no `errors` list, every error already carrying it) as it is.
 */
export function withTraceIdInErrorBody(body: string, traceId: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return body;
  const extensionsOf = (error: unknown) =>
    (error as { extensions?: Record<string, unknown> } | null)?.extensions;
  if (errors.every((error) => extensionsOf(error)?.traceId !== undefined)) return body;
  return JSON.stringify({
    ...(parsed as object),
    errors: errors.map((error) =>
      error !== null && typeof error === 'object'
        ? { ...error, extensions: { ...extensionsOf(error), traceId } }
        : error,
    ),
  });
}

/**
 * Express middleware for `/graphql`, ahead of Apollo Server: the errors Apollo Server answers at
 * the HTTP level (a body without `query`, `variables` that are not an object, a request the CSRF
 * prevention refuses) skip its plugins, so no plugin can add the trace id to them. This adds it
 * to each error of a JSON answer with a 4xx or 5xx status, as it is sent. Answers with status 200
 * are left alone: their errors are the request pipeline's, which a plugin reaches.
 */
export function traceIdsInHttpLevelErrors(): RequestHandler {
  return (request, response, next) => {
    const send = response.send.bind(response);
    response.send = (body?: unknown) => {
      if (
        typeof body === 'string' &&
        response.statusCode >= 400 &&
        /\bjson\b/.test(String(response.getHeader('content-type') ?? ''))
      ) {
        const traceId = traceIdOfRequest(request.headers);
        if (traceId) return send(withTraceIdInErrorBody(body, traceId));
      }
      return send(body);
    };
    next();
  };
}

/**
 * The client's view of an error thrown by express or its body parser: a coded 4xx for what the
 * client sent (malformed JSON, a body over the limit, an unknown charset or encoding, a malformed
 * URL), undefined for anything else (the server's own failure).
 */
export function clientErrorOf(error: unknown, bodyLimit = '1mb'): HttpError | undefined {
  if (error instanceof URIError) {
    return { status: 400, code: 'BAD_REQUEST', message: 'The URL is not correctly encoded.' };
  }
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  switch (type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is over ${bodyLimit}.`,
      };
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The body must be JSON in UTF-8, uncompressed or gzip, deflate or br.',
      };
    case 'request.size.invalid':
    case 'request.aborted':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is incomplete.' };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'BAD_REQUEST', message: 'The request could not be read.' };
  }
  return undefined;
}

/**
 * The last handlers of an express app: a JSON 404 for an unknown path and a JSON error for
 * anything a route threw, with no stack trace, path or driver message whatever `NODE_ENV` is
 * (express's own handler answers an HTML page with the stack outside production).
 */
export function finalHandlers(
  logger: Logger,
  bodyLimit?: string,
): [RequestHandler, ErrorRequestHandler] {
  return [
    (_request, response) => {
      sendHttpError(response, { status: 404, code: 'NOT_FOUND', message: 'No such route.' });
    },
    (error, request, response, next) => {
      if (response.headersSent) {
        next(error);
        return;
      }
      const known = clientErrorOf(error, bodyLimit);
      if (known) {
        sendHttpError(response, known);
        return;
      }
      logger.error({ err: error, method: request.method, path: request.path }, 'route failed');
      sendHttpError(response, {
        status: 500,
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error.',
      });
    },
  ];
}

/** Answers 405 with `Allow` and a coded JSON error for a method the route does not serve. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (request, response, next) => {
    if (allowed.includes(request.method)) {
      next();
      return;
    }
    response.setHeader('Allow', allowed.join(', '));
    sendHttpError(response, {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `This route answers ${allowed.join(' and ')} only.`,
    });
  };
}

/**
 * Answers what Node's HTTP parser refuses before express sees it (headers over Node's 16 kB, a
 * malformed request line) with a coded JSON error instead of a bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, reason] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'Request Header Fields Too Large']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'Request Timeout']
          : [400, 'BAD_REQUEST', 'Bad Request'];
    const body = JSON.stringify({
      errors: [{ message: `${reason}.`, extensions: { code } }],
    });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
