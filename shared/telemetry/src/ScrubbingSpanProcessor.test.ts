import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ScrubbingSpanProcessor, statementShape } from './ScrubbingSpanProcessor.ts';

describe('statementShape', () => {
  it('replaces every literal with ? and keeps placeholders, names and casts', () => {
    expect(
      statementShape(
        `select "full_name" from "separations" where national_id = '040190123987' and born > '1990-03-29'::date and n = 42 and x = $1 and t1.a = -3.5`,
      ),
    ).toBe(
      `select "full_name" from "separations" where national_id = ? and born > ?::date and n = ? and x = $1 and t1.a = ?`,
    );
    expect(statementShape(`select 'O''Brien', $$Nguyễn Văn A$$`)).toBe('select ?, ?');
  });
});

describe('ScrubbingSpanProcessor', () => {
  it('leaves no value in URLs, statements, exceptions or status before an exporter sees the span', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new ScrubbingSpanProcessor(), new SimpleSpanProcessor(exporter)],
    });
    const span = provider.getTracer('test').startSpan('GET', {
      attributes: {
        'url.full':
          'http://gateway/graphql?query={separations(filter:{nationalId:"040190123987"})}',
        'http.target': '/graphql?variables={"id":"040190123987"}',
        'url.query': 'variables={"id":"040190123987"}',
        'db.query.text': `insert into separations values ('Trần Thị Vân', $1)`,
        'db.postgresql.values': ['040190123987'],
        'http.route': '/graphql',
      },
    });
    span.recordException(new Error('Key (national_id)=(040190123987) already exists.'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'duplicate 040190123987' });
    span.end();
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({
      'url.full': 'http://gateway/graphql',
      'http.target': '/graphql',
      'db.query.text': 'insert into separations values (?, $1)',
      'http.route': '/graphql',
    });
    expect(exported?.events[0]?.attributes).toEqual({ 'exception.type': 'Error' });
    expect(exported?.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(JSON.stringify(exported?.attributes)).not.toContain('040190123987');
  });
});
