import { describe, expect, it } from 'vitest';
import {
  currentTraceId,
  traceIdOfRequest,
  traceIdOfTraceparent,
  traceRequests,
  untracedPropagationHeaders,
} from './requestTrace.ts';

describe('traceIdOfTraceparent', () => {
  it('reads the trace id of a valid traceparent and nothing else', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(traceIdOfTraceparent(`00-${id}-00f067aa0ba902b7-01`)).toBe(id);
    expect(traceIdOfTraceparent([`00-${id}-00f067aa0ba902b7-00`])).toBe(id);
    for (const header of [
      undefined,
      '',
      `01-${id}-00f067aa0ba902b7-01`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${id}-${'0'.repeat(16)}-01`,
      `00-${id.toUpperCase()}-00f067aa0ba902b7-01`,
      `00-${id}-00f067aa0ba902b7-01-extra`,
    ]) {
      expect(traceIdOfTraceparent(header), String(header)).toBeUndefined();
    }
  });
});

describe('traceRequests (no SDK in this process)', () => {
  const run = (headers: Record<string, string>) =>
    new Promise<{ headers: Record<string, string>; sent: Record<string, string> }>((resolve) => {
      traceRequests()({ headers } as never, {} as never, () => {
        resolve({ headers, sent: untracedPropagationHeaders(headers) });
      });
    });

  it("keeps the caller's trace id, or gives the request a fresh one, and passes it on", async () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    const continued = await run({ traceparent: `00-${id}-00f067aa0ba902b7-01` });
    expect(traceIdOfRequest(continued.headers)).toBe(id);
    expect(continued.sent.traceparent).toMatch(new RegExp(`^00-${id}-[0-9a-f]{16}-00$`));
    const fresh = await run({ traceparent: 'not a traceparent' });
    expect(traceIdOfRequest(fresh.headers)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOfTraceparent(fresh.sent.traceparent)).toBe(traceIdOfRequest(fresh.headers));
    expect(traceIdOfRequest((await run({})).headers)).not.toBe(traceIdOfRequest(fresh.headers));
    // Untraced, nothing is active outside the headers: no span, no trace id of its own.
    expect(currentTraceId()).toBeUndefined();
    expect(untracedPropagationHeaders({})).toEqual({});
  });
});
