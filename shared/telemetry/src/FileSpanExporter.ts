import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { type ExportResult, ExportResultCode, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** One span as the `file` exporter writes it: one JSON object per line. */
export interface FileSpanRecord {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** SpanKind: 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  kind: number;
  /** Start, in milliseconds since the epoch. */
  start: number;
  durationMs: number;
  /** Status code: 0 unset, 1 ok, 2 error. */
  status: number;
  attributes: Record<string, unknown>;
}

/**
 * The developer's exporter (`OTEL_TRACES_EXPORTER=file`): appends each finished span to a file
 * of JSON lines, one per span, so a trace is read with `grep <traceId>` or `jq` and no collector.
 * The SDK has no file exporter; its console exporter prints multi-line objects into the JSON log.
 */
export class FileSpanExporter implements SpanExporter {
  private readonly stream: WriteStream;

  constructor(
    readonly path: string,
    private readonly service: string,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const lines = spans.map((span) => {
      const context = span.spanContext();
      const record: FileSpanRecord = {
        service: this.service,
        traceId: context.traceId,
        spanId: context.spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        name: span.name,
        kind: span.kind,
        start: hrTimeToMilliseconds(span.startTime),
        durationMs: Math.round(hrTimeToMilliseconds(span.duration) * 1000) / 1000,
        status: span.status.code,
        attributes: { ...span.attributes },
      };
      return `${JSON.stringify(record)}\n`;
    });
    this.stream.write(lines.join(''), (error) =>
      resultCallback(
        error ? { code: ExportResultCode.FAILED, error } : { code: ExportResultCode.SUCCESS },
      ),
    );
  }

  async forceFlush(): Promise<void> {}

  shutdown(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
