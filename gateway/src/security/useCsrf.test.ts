import { describe, expect, it } from 'vitest';
import { type PluginRequest, sendThrough } from './testing/securityPluginHarness.ts';
import { useCsrf } from './useCsrf.ts';

const csrf = useCsrf();
const query = `?query=${encodeURIComponent('{ units { code } }')}`;
const body = JSON.stringify({ query: '{ units { code } }' });

describe('useCsrf', () => {
  it('refuses what a browser sends cross-site without a preflight', async () => {
    const forgeable: PluginRequest[] = [
      { headers: { 'content-type': 'text/plain' }, body },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body },
      { headers: {}, body },
      { method: 'GET', path: `/graphql${query}`, headers: {} },
      { method: 'GET', path: '/graphql?extensions={}', headers: {} },
    ];
    for (const request of forgeable) {
      const answer = await sendThrough(csrf, request);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('CSRF_PREVENTED');
    }
  });

  it('lets through JSON, preflighted requests and a GET that runs nothing', async () => {
    const safe: PluginRequest[] = [
      { headers: { 'content-type': 'application/json' }, body },
      { headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' }, body },
      { method: 'GET', path: `/graphql${query}`, headers: { 'apollo-require-preflight': '1' } },
      { method: 'GET', path: `/graphql${query}`, headers: { 'x-apollo-operation-name': 'Q' } },
      { method: 'GET', path: '/graphql', headers: {} },
    ];
    for (const request of safe) {
      const answer = await sendThrough(csrf, request);
      expect(answer.status).toBe(200);
      expect(answer.body.passed).toBeDefined();
    }
  });
});
