import type { GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { createLogger } from '@home-affairs/service';
import { GraphQLError, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from './createAuditLog.ts';
import type { RequestSecurity, SecurityContext } from './requestSecurity.ts';
import {
  fixtureSchema,
  fixtureSupergraph,
  identityOf,
  refusalOf,
  resolveOperation,
  stateOf,
} from './testing/securityPluginHarness.ts';
import { useAudit } from './useAudit.ts';

/** An audit log in memory with `places` places; `entries` holds what was recorded. */
function memoryAudit(places: number) {
  const entries: AuditEntry[] = [];
  let reserved = 0;
  const audit = {
    reserve() {
      if (reserved >= places) return undefined;
      reserved += 1;
      let done = false;
      const release = () => {
        if (!done) reserved -= 1;
        done = true;
      };
      return {
        async record(entry: AuditEntry) {
          entries.push(entry);
          release();
        },
        release,
      };
    },
    async record(entry: AuditEntry) {
      entries.push(entry);
    },
  } as unknown as AuditLog;
  return { audit, entries, reserved: () => reserved };
}

const logger = createLogger('use-audit-test', 'silent');

/** Runs one request through the plugin, from its start to its response. */
async function runRequest(
  plugin: ReturnType<typeof useAudit>,
  query: string,
  security: RequestSecurity,
  result: { errors?: GraphQLError[]; executed?: boolean; variables?: Record<string, unknown> },
) {
  const contextValue: SecurityContext = { security };
  const listener = (await plugin.operation?.requestDidStart?.({
    contextValue,
  } as never)) as GraphQLRequestListener<SecurityContext>;
  const document = parse(query);
  const requestContext = {
    contextValue,
    document,
    operation: getOperationAST(document),
    operationName: getOperationAST(document)?.name?.value ?? null,
    schema: fixtureSchema,
    queryHash: 'a'.repeat(64),
    request: { query, variables: result.variables },
    errors: result.errors,
    response: { body: { kind: 'single', singleResult: { data: result.errors ? null : {} } } },
  };
  await listener.didResolveOperation?.(requestContext as never);
  if (result.executed) await listener.executionDidStart?.(requestContext as never);
  await listener.willSendResponse?.(
    requestContext as unknown as GraphQLRequestContextWillSendResponse<SecurityContext>,
  );
}

describe('useAudit', () => {
  const writer = stateOf(identityOf('writer', { subgraph: 'associations' }), {
    subgraphs: new Set(['associations']),
  });
  const register =
    'mutation Register($input: RegisterAssociationInput!) { registerAssociation(input: $input) { id } }';

  it('records a write with its outcome and its personal values redacted', async () => {
    const { audit, entries, reserved } = memoryAudit(10);
    const plugin = useAudit({ audit, supergraph: () => fixtureSupergraph, logger });
    await runRequest(plugin, register, writer, {
      executed: true,
      variables: {
        input: { name: 'Hội', provinceCode: '40', chairpersonNationalId: '040090009999' },
      },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      role: 'writer',
      operationType: 'mutation',
      operationName: 'Register',
      outcome: 'ok',
      subgraphs: ['associations'],
    });
    expect(JSON.parse(entries[0]!.variables)).toEqual({
      input: { chairpersonNationalId: '[redacted]', name: '[redacted]', provinceCode: '40' },
    });
    expect(reserved()).toBe(0);
  });

  it('records a refusal before execution as refused, and no anonymous public read', async () => {
    const { audit, entries } = memoryAudit(10);
    const plugin = useAudit({ audit, supergraph: () => fixtureSupergraph, logger });
    const forbidden = new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });
    await runRequest(plugin, register, writer, { errors: [forbidden] });
    await runRequest(plugin, '{ units { code } }', stateOf(identityOf('anonymous')), {
      executed: true,
    });
    expect(entries.map((entry) => [entry.outcome, entry.errorCodes])).toEqual([
      ['refused', ['FORBIDDEN']],
    ]);
  });

  it('refuses an auditable operation with 503 when the queue is full, and lets public reads run', async () => {
    const { audit } = memoryAudit(0);
    const plugin = useAudit({ audit, supergraph: () => fixtureSupergraph, logger });
    expect(await refusalOf(plugin, register, { security: writer })).toBe('AUDIT_UNAVAILABLE');
    await expect(
      resolveOperation(plugin, '{ units { code } }', {
        security: stateOf(identityOf('anonymous')),
      }),
    ).resolves.toBeUndefined();
  });
});
