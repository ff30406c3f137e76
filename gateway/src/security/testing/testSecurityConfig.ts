import type { JWK } from 'jose';
import { defaultLimits, type SecurityConfig } from '../securityConfigFromEnv.ts';
import { fixtureIssuer } from './startSecuredFixtureGraph.ts';

/**
 * A security configuration with the gateway's default limits and the given keys, rate limits out
 * of the way, and no trusted documents: for tests of the real graph through the secured gateway.
 */
export function testSecurityConfig(
  keys: { issuerPublicKey: JWK; identityPrivateKey: JWK },
  overrides: Partial<SecurityConfig> = {},
): SecurityConfig {
  return {
    tokens: { ...fixtureIssuer, publicKey: keys.issuerPublicKey, clockToleranceSeconds: 0 },
    identitySigningKey: keys.identityPrivateKey,
    revocation: { refreshMilliseconds: 1_000, maxStalenessMilliseconds: 30_000 },
    limits: defaultLimits,
    maxTokens: 2_000,
    defaultListSize: 10,
    bodyLimit: '100kb',
    rateLimits: {
      perTokenPerMinute: 100_000,
      perAddressPerMinute: 100_000,
      routesPerMinute: 100_000,
    },
    introspection: 'everyone',
    audit: { maxQueue: 10_000, flushMilliseconds: 20 },
    ...overrides,
  };
}
