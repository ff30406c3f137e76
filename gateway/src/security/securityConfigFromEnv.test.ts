import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dashboardManifestPath,
  securityConfigFromEnv,
  trustedManifestsFromEnv,
} from './securityConfigFromEnv.ts';

describe('securityConfigFromEnv', () => {
  it('generates development keys once and reuses them', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'security-config-'));
    const first = await securityConfigFromEnv({}, dataRoot);
    const second = await securityConfigFromEnv({}, dataRoot);
    expect(first.tokens.publicKey).toEqual(second.tokens.publicKey);
    expect(first.identitySigningKey).toEqual(second.identitySigningKey);
    expect(first.introspection).toBe('everyone');
  });

  it('requires real keys in production and tightens introspection', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'security-config-'));
    await expect(securityConfigFromEnv({ NODE_ENV: 'production' }, dataRoot)).rejects.toThrow(
      /TOKEN_PUBLIC_KEY/,
    );
    const config = await securityConfigFromEnv(
      {
        NODE_ENV: 'production',
        TOKEN_JWKS_URL: 'https://id.example.gov.vn/jwks.json',
        GATEWAY_IDENTITY_PRIVATE_KEY: '{"kty":"OKP"}',
        LIMIT_COST_RESEARCHER: '1234',
      },
      dataRoot,
    );
    expect(config.introspection).toBe('authenticated');
    expect(config.limits.researcher.maxCost).toBe(1234);
  });

  it('binds the dashboard to its own manifest by default, and reads per-client and shared manifests', () => {
    expect(trustedManifestsFromEnv({})).toEqual([
      { clients: ['dashboard'], path: dashboardManifestPath },
    ]);
    expect(trustedManifestsFromEnv({ TRUSTED_DOCUMENTS_CLIENTS: '' })).toEqual([]);
    expect(
      trustedManifestsFromEnv({
        TRUSTED_DOCUMENTS_CLIENTS: 'dashboard=/a.json, mobile=/b.json',
        TRUSTED_DOCUMENTS_MANIFEST: '/shared.json',
        TRUSTED_DOCUMENTS_REQUIRED_CLIENTS: 'web, kiosk',
      }),
    ).toEqual([
      { clients: ['dashboard'], path: '/a.json' },
      { clients: ['mobile'], path: '/b.json' },
      { clients: ['web', 'kiosk'], path: '/shared.json' },
    ]);
    expect(() => trustedManifestsFromEnv({ TRUSTED_DOCUMENTS_CLIENTS: '/a.json' })).toThrow(
      /name=path/,
    );
  });
});
