import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractsFolder, supergraphPath } from '../composeArtifacts.ts';
import { contractRolesFromEnv, loadContracts } from './loadContracts.ts';

const supergraphSdl = readFileSync(supergraphPath, 'utf8');

describe('contractRolesFromEnv', () => {
  it('serves researchers their contract unless told otherwise', () => {
    expect(contractRolesFromEnv({})).toEqual({ researcher: 'researcher' });
    expect(
      contractRolesFromEnv({ CONTRACT_ROLES: 'anonymous=public, researcher=researcher' }),
    ).toEqual({ anonymous: 'public', researcher: 'researcher' });
    // The explicit choice for a supergraph composed without contracts.
    expect(contractRolesFromEnv({ CONTRACT_ROLES: '' })).toEqual({});
  });

  it('refuses what it cannot read, naming the pair', () => {
    expect(() => contractRolesFromEnv({ CONTRACT_ROLES: 'guest=public' })).toThrow(
      /"guest=public"/,
    );
    expect(() => contractRolesFromEnv({ CONTRACT_ROLES: 'researcher' })).toThrow(/role=contract/);
    expect(() => contractRolesFromEnv({ CONTRACT_ROLES: 'researcher=../x' })).toThrow(
      /role=contract/,
    );
  });
});

describe('loadContracts', () => {
  it('loads the checked-in contracts composed beside the checked-in supergraph', () => {
    const loaded = loadContracts({
      folder: contractsFolder,
      roles: { anonymous: 'public', researcher: 'researcher' },
      supergraphSdl,
    });
    expect(loaded.map((contract) => contract.name)).toEqual(['public', 'researcher']);
    // Loadable by Apollo Gateway: the SECURITY purpose dropped as for the main supergraph.
    expect(loaded[1]!.supergraphSdl).not.toMatch(/requiresScopes\/v0\.1", for: SECURITY/);
  });

  it('refuses a contract composed beside another supergraph', () => {
    expect(() =>
      loadContracts({
        folder: contractsFolder,
        roles: { researcher: 'researcher' },
        supergraphSdl: `${supergraphSdl}\n# edited by hand\n`,
      }),
    ).toThrow(/was not composed beside this supergraph: run `pnpm compose`/);
  });

  it('refuses a missing contract rather than serving the whole schema', () => {
    const folder = mkdtempSync(join(tmpdir(), 'contracts-'));
    writeFileSync(join(folder, 'unrelated.graphql'), '');
    expect(() =>
      loadContracts({ folder, roles: { researcher: 'researcher' }, supergraphSdl }),
    ).toThrow(/The contract "researcher" \(CONTRACT_ROLES\) is not at .*CONTRACT_ROLES=/);
  });
});
