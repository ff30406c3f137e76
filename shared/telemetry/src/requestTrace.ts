import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** `traceparent`: version 00, a 32-hex trace id (not all zeros), a 16-hex parent id, flags. */
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The trace id of a W3C `traceparent` header, or undefined when it is absent or malformed. */
export function traceIdOfTraceparent(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? traceparentPattern.exec(value.trim()) : null;
  if (!match?.[1] || /^0+$/.test(match[1]) || /^0+$/.test(match[2] ?? '')) return undefined;
  return match[1];
}

/** The active span's context when an SDK traces this request (sampled or not). */
function activeSpanContext() {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context : undefined;
}

/**
 * The trace id of the active OpenTelemetry span: of the request being served, when tracing is
 * on (every log line gets it through the logger's mixin). Undefined when tracing is off or outside
 * a request: see `traceIdOfRequest`.
 */
export function currentTraceId(): string | undefined {
  return activeSpanContext()?.traceId;
}

/**
 * The trace id of a request, whether tracing is on or off: the active span's, else the one its
 * `traceparent` header carries (`traceRequests` gives every request one).
 */
export function traceIdOfRequest(headers: IncomingHttpHeaders | undefined): string | undefined {
  return currentTraceId() ?? traceIdOfTraceparent(headers?.traceparent);
}

/**
 * The `traceparent` to send to a subgraph on behalf of a request while no SDK traces it, so that
 * the subgraph's log lines carry the gateway's trace id (not sampled: flags 00). Empty when an SDK
 * traces it: the fetch instrumentation then sends the span's own, and two would be ambiguous.
 */
export function untracedPropagationHeaders(
  headers: IncomingHttpHeaders | undefined,
): Record<string, string> {
  if (activeSpanContext()) return {};
  const traceId = traceIdOfTraceparent(headers?.traceparent);
  return traceId ? { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-00` } : {};
}

/**
 * Express middleware, mounted first: when no SDK traces the request, makes sure it carries a
 * valid `traceparent` (the caller's, else a fresh unsampled one), so that its log line, its errors
 * and its subgraph requests carry one trace id whether or not traces are exported. Nothing is kept
 * per request beyond the header: an AsyncLocalStorage would cost every promise of the request
 * on Node 20 (ADR 0013). When tracing is on, the HTTP instrumentation's span gives the id.
 */
export function traceRequests() {
  return (request: IncomingMessage, _response: ServerResponse, next: () => void): void => {
    if (!activeSpanContext() && !traceIdOfTraceparent(request.headers.traceparent)) {
      request.headers.traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
    }
    next();
  };
}
