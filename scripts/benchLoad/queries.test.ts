import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm bench:load` counts an answer whose body is not the first one's as bad (`expectBody`).
// autocannon 8 decoded each chunk of a body as UTF-8 on its own: a character cut between two
// chunks came out as U+FFFD and a good answer counted as bad (patches/autocannon@8.0.0.patch).
describe('autocannon, as bench:load drives it', () => {
  const body = '{"data":{"units":[{"name":"Xã Đông Hiếu"},{"name":"Phường 𝔸"}]}}';
  const bytes = Buffer.from(body);
  // Cut inside the three bytes of "ế", then inside the four of "𝔸".
  const cuts = [bytes.indexOf(Buffer.from('ế')) + 1, bytes.indexOf(Buffer.from('𝔸')) + 2];
  const server = createServer(async (request, response) => {
    for await (const _ of request);
    response.writeHead(200, { 'content-type': 'application/json' });
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      response.write(bytes.subarray(from, cut));
      from = cut;
      // Apart, so that each piece reaches the client in a read of its own.
      await sleep(5);
    }
    response.end();
  });
  let url = '';
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('takes a body whose characters arrive cut between chunks as that body', async () => {
    const run = (expectBody: string) =>
      autocannon({ url, method: 'POST', connections: 2, amount: 10, expectBody });
    const same = await run(body);
    expect(same.requests.total).toBeGreaterThanOrEqual(10);
    expect(same.mismatches).toBe(0);
    // And another body is still a mismatch, every time.
    const other = await run(body.replace('Hiếu', 'Hiêu'));
    expect(other.mismatches).toBe(other.requests.total);
  });
});
