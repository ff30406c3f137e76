import { describe, expect, it } from 'vitest';
import { sendThrough } from './testing/securityPluginHarness.ts';
import { useBodyLimit } from './useBodyLimit.ts';

const bodyLimit = useBodyLimit({ bodyLimit: '1kb' });
const post = (body: string) =>
  sendThrough(bodyLimit, { headers: { 'content-type': 'application/json' }, body });

describe('useBodyLimit', () => {
  it('reads a JSON body within the limit', async () => {
    const answer = await post('{"query":"{ units { code } }"}');
    expect(answer.status).toBe(200);
    expect(answer.body.passed?.body).toEqual({ query: '{ units { code } }' });
  });

  it('refuses a body over the limit with 413, and JSON that does not parse with 400', async () => {
    const large = await post(
      JSON.stringify({ query: `{ units { code } } # ${'x'.repeat(2_000)}` }),
    );
    expect(large.status).toBe(413);
    expect(large.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await post('{"query":');
    expect(broken.status).toBe(400);
    expect(broken.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('refuses batches', async () => {
    const batch = await post('[{"query":"{ a }"},{"query":"{ b }"}]');
    expect(batch.status).toBe(400);
    expect(batch.body.errors?.[0]).toMatchObject({
      message: 'Batched requests are not accepted.',
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});
