import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeReadiness } from './probeReadiness.ts';
import { SubgraphFailure } from './subgraphErrors.ts';

let status = 200;
const server = createServer((request, response) => {
  response.writeHead(request.url === '/ready' ? status : 500).end();
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const probe = (target = url) =>
  probeReadiness({ name: 'fake', url: target }, AbortSignal.timeout(2_000));

describe('probeReadiness', () => {
  it("passes when the subgraph's /ready answers 200, or when it has no such route", async () => {
    status = 200;
    await expect(probe()).resolves.toBeUndefined();
    status = 404;
    await expect(probe()).resolves.toBeUndefined();
  });

  it('fails while the subgraph is not ready, or cannot be reached', async () => {
    status = 503;
    await expect(probe()).rejects.toThrow(SubgraphFailure);
    await expect(probe('http://127.0.0.1:1/graphql')).rejects.toMatchObject({
      reason: 'CONNECTION_FAILED',
    });
  });
});
