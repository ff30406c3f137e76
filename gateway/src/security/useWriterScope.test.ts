import { describe, expect, it } from 'vitest';
import {
  fixtureSupergraph,
  identityOf,
  refusalOf,
  stateOf,
} from './testing/securityPluginHarness.ts';
import { useWriterScope } from './useWriterScope.ts';

const writerScope = useWriterScope({ supergraph: () => fixtureSupergraph });
const rename =
  'mutation($p: String!) { renameUnit(code: "40", provinceCode: $p, name: "x") { code } }';
const register =
  'mutation { registerAssociation(input: { name: "x", provinceCode: "40" }) { id } }';
const write = (
  query: string,
  identity: ReturnType<typeof identityOf>,
  variables: Record<string, unknown> = { p: '40' },
) => refusalOf(writerScope, query, { security: stateOf(identity), variables });

describe('useWriterScope', () => {
  it("keeps a ministry writer to its own subgraph's mutations", async () => {
    const unitsWriter = identityOf('writer', { subgraph: 'units' });
    expect(await write(rename, unitsWriter)).toBeUndefined();
    expect(await write(register, unitsWriter)).toBe('FORBIDDEN');
  });

  it("keeps a province-restricted writer to its province's provinceCode, literal or variable", async () => {
    const ngheAn = identityOf('writer', { subgraph: 'units', province: '40' });
    expect(await write(rename, ngheAn)).toBeUndefined();
    expect(await write(rename, ngheAn, { p: '01' })).toBe('FORBIDDEN');
    const associations = identityOf('writer', { subgraph: 'associations', province: '01' });
    expect(await write(register, associations)).toBe('FORBIDDEN');
  });

  it('leaves reads and other roles to the other checks', async () => {
    expect(await write('{ units { code } }', identityOf('writer', { subgraph: 'units' }))).toBe(
      undefined,
    );
    expect(await write(register, identityOf('admin'))).toBeUndefined();
  });
});
