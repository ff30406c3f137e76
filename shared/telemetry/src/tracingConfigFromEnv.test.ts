import { describe, expect, it } from 'vitest';
import { tracingConfigFromEnv } from './tracingConfigFromEnv.ts';

const where = { service: 'units', dataRoot: '/data' };

describe('tracingConfigFromEnv', () => {
  it('is off when nothing is configured, disabled, or told none', () => {
    expect(tracingConfigFromEnv({}, where)).toEqual({ enabled: false });
    expect(
      tracingConfigFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' },
        where,
      ),
    ).toEqual({ enabled: false });
    expect(
      tracingConfigFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' },
        where,
      ),
    ).toEqual({ enabled: false });
  });

  it('exports OTLP when an endpoint is set, and what OTEL_TRACES_EXPORTER names otherwise', () => {
    expect(
      tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, where),
    ).toEqual({ enabled: true, exporters: ['otlp'] });
    expect(
      tracingConfigFromEnv(
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' },
        where,
      ),
    ).toEqual({ enabled: true, exporters: ['otlp'] });
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'Console, file' }, where)).toEqual({
      enabled: true,
      exporters: ['console', 'file'],
      file: '/data/traces/units.jsonl',
    });
    expect(
      tracingConfigFromEnv(
        { OTEL_TRACES_EXPORTER: 'file', OTEL_TRACES_FILE: '/tmp/spans.jsonl' },
        where,
      ),
    ).toMatchObject({ file: '/tmp/spans.jsonl' });
  });

  it('refuses an exporter or a protocol it cannot build, rather than tracing into nothing', () => {
    expect(() => tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' }, where)).toThrow(
      /unknown exporter "jaeger"/,
    );
    expect(() =>
      tracingConfigFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
        where,
      ),
    ).toThrow(/only http\/protobuf/);
  });
});
