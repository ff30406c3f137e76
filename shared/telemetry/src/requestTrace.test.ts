import { describe, expect, it } from 'vitest';
import {
  currentTraceId,
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
    new Promise<{ traceId?: string; headers: Record<string, string> }>((resolve) => {
      traceRequests()({ headers } as never, {} as never, () => {
        resolve({ traceId: currentTraceId(), headers: untracedPropagationHeaders() });
      });
    });

  it("continues the caller's trace id, or gives the request a fresh one, and passes it on", async () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    const continued = await run({ traceparent: `00-${id}-00f067aa0ba902b7-01` });
    expect(continued.traceId).toBe(id);
    expect(continued.headers.traceparent).toMatch(new RegExp(`^00-${id}-[0-9a-f]{16}-00$`));
    const fresh = await run({});
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.traceId).not.toBe((await run({})).traceId);
    expect(currentTraceId()).toBeUndefined();
    expect(untracedPropagationHeaders()).toEqual({});
  });
});
