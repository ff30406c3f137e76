import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import express from 'express';
import { Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceMetrics } from './createServiceMetrics.ts';
import { serveMetrics } from './serveMetrics.ts';

let server: Server | undefined;

afterEach(async () => {
  server?.close();
  server = undefined;
});

/** An app serving one registry with one counter at 3, listening on every interface. */
async function start(token?: string): Promise<number> {
  const registry = createServiceMetrics('units');
  new Counter({ name: 'test_things_total', help: 'Things.', registers: [registry] }).inc(3);
  const app = express();
  serveMetrics(app, { registry, token });
  server = app.listen(0, '0.0.0.0');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A non-loopback IPv4 address of this machine, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

describe('serveMetrics', () => {
  it('answers a loopback scraper with the text format, and refuses any other address', async () => {
    const port = await start();
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('test_things_total{service="units"} 3');
    expect(text).toContain('process_cpu_user_seconds_total');
    if (externalAddress) {
      const remote = await fetch(`http://${externalAddress}:${port}/metrics`);
      expect(remote.status).toBe(403);
      expect(await remote.json()).toMatchObject({
        errors: [{ extensions: { code: 'FORBIDDEN' } }],
      });
    }
  });

  it('with a token, answers only a scraper that sends it, from anywhere', async () => {
    const port = await start('s3cret-metrics-token');
    const url = `http://127.0.0.1:${port}/metrics`;
    const refused = await fetch(url, {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(refused.status).toBe(401);
    // Like every error, it carries the request's trace id.
    expect(await refused.json()).toMatchObject({
      errors: [
        {
          extensions: { code: 'UNAUTHENTICATED', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
        },
      ],
    });
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const answered = await fetch(url, {
      headers: { authorization: 'Bearer s3cret-metrics-token' },
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('test_things_total{service="units"} 3');
    if (externalAddress) {
      const remote = await fetch(`http://${externalAddress}:${port}/metrics`, {
        headers: { authorization: 'Bearer s3cret-metrics-token' },
      });
      expect(remote.status).toBe(200);
    }
  });
});
