import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The trace id of a request served while no SDK traces it (read from `traceparent` or made). */
const untracedRequests = new AsyncLocalStorage<{ traceId: string }>();

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
 * The trace id of the request being served, for log lines and `extensions.traceId`: the
 * OpenTelemetry trace's when tracing is on, else the one `traceRequests` gave the request.
 * Undefined outside a request.
 */
export function currentTraceId(): string | undefined {
  return activeSpanContext()?.traceId ?? untracedRequests.getStore()?.traceId;
}

/**
 * The `traceparent` to send to a subgraph while no SDK traces the request, so that its log lines
 * carry the gateway's trace id (not sampled: flags 00). Empty when an SDK traces it: the fetch
 * instrumentation then sends its own, and a second header would be ambiguous.
 */
export function untracedPropagationHeaders(): Record<string, string> {
  if (activeSpanContext()) return {};
  const traceId = untracedRequests.getStore()?.traceId;
  return traceId ? { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-00` } : {};
}

/**
 * Express middleware, mounted first: when no SDK traces the request, gives it a trace id (the
 * caller's `traceparent`'s, else a fresh one) for the rest of the request, so log lines and
 * errors carry one whether or not traces are exported. When tracing is on, the HTTP
 * instrumentation's span already gives it one and this does nothing.
 */
export function traceRequests() {
  return (request: IncomingMessage, _response: ServerResponse, next: () => void): void => {
    if (activeSpanContext()) {
      next();
      return;
    }
    const traceId =
      traceIdOfTraceparent(request.headers.traceparent) ?? randomBytes(16).toString('hex');
    untracedRequests.run({ traceId }, next);
  };
}
