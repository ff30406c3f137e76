import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Attributes holding a URL whose query string may carry a GraphQL document and its variables. */
const urlAttributes = ['url.full', 'http.url', 'http.target', 'url.path'];
/** Attributes holding an SQL statement, of which only the shape may leave the process. */
const statementAttributes = ['db.statement', 'db.query.text'];
/** Attributes removed outright: they exist to carry values. */
const droppedAttributes = ['url.query', 'db.postgresql.values', 'graphql.variables'];

/** A quoted SQL string (with '' escapes), a dollar-quoted one, or a number standing alone. */
const sqlLiteral = /'(?:[^']|'')*'|\$\$[\s\S]*?\$\$|(?<![\w$.])-?\d+(?:\.\d+)?(?![\w.])/g;

/** An SQL statement with every literal replaced by `?`: its shape, never a value. */
export function statementShape(statement: string): string {
  return statement.replace(sqlLiteral, '?');
}

/**
 * Runs first among a tracer provider's span processors and makes each span safe to export before
 * any exporter sees it (ADR 0013): URL attributes lose their query strings (a GraphQL GET carries
 * its variables there), SQL statements keep their shape only (literals become `?`; the driver's
 * parameters are never recorded), and exception messages, stack traces and status messages are
 * dropped (a driver's message can quote a stored value: `Key (id_number)=(…) already exists`).
 * The exception's type stays, and the trace id finds the request's log lines.
 */
export class ScrubbingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    for (const key of urlAttributes) {
      const value = span.attributes[key];
      if (typeof value === 'string' && value.includes('?')) {
        span.setAttribute(key, value.slice(0, value.indexOf('?')));
      }
    }
    for (const key of statementAttributes) {
      const value = span.attributes[key];
      if (typeof value === 'string') span.setAttribute(key, statementShape(value));
    }
    for (const key of Object.keys(span.attributes)) {
      if (droppedAttributes.some((dropped) => key === dropped || key.startsWith(`${dropped}.`))) {
        delete (span.attributes as Record<string, unknown>)[key];
      }
    }
    for (const event of span.events) {
      const attributes = event.attributes as Record<string, unknown> | undefined;
      if (!attributes) continue;
      for (const key of Object.keys(attributes)) {
        if (key === 'exception.message' || key === 'exception.stacktrace') delete attributes[key];
      }
    }
    if (span.status.message) span.setStatus({ code: span.status.code });
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
