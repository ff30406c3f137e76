import type { AddressInfo } from 'node:net';
import type {
  GraphQLRequestContextDidEncounterErrors,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { anonymousIdentity, type Identity, type Role, scopesForRole } from '@home-affairs/identity';
import express from 'express';
import { type GraphQLError, getOperationAST, parse } from 'graphql';
import { apiSchemaOf } from '../../apiSchemaOf.ts';
import { answerClientErrors } from '../httpRefusals.ts';
import { prepareSupergraph } from '../prepareSupergraph.ts';
import {
  type RequestSecurity,
  requestSecurityOf,
  type SecurityContext,
} from '../requestSecurity.ts';
import type { SecurityPlugin } from '../securityPlugin.ts';
import { composeFixtureSupergraph } from './fixtureSubgraphs.ts';

/**
 * Runs one `use<Thing>` plugin alone, as its unit test needs: its `http` handlers in an express
 * app of their own (`sendThrough`), its `operation` hooks on a parsed operation of the fixture
 * supergraph (`resolveOperation`), without a gateway or subgraphs.
 */

const fixtureSupergraphSdl = composeFixtureSupergraph();
/** The fixture supergraph, prepared as createSecurity prepares it. */
export const fixtureSupergraph = prepareSupergraph(fixtureSupergraphSdl);
/** The API schema of the fixture supergraph, which operations are validated against. */
export const fixtureSchema = apiSchemaOf(fixtureSupergraphSdl);

/** An identity of a role, with the scopes the role allows. */
export function identityOf(role: Role, extra: Partial<Identity> = {}): Identity {
  if (role === 'anonymous') return anonymousIdentity;
  return { subject: `${role}-1`, role, scopes: scopesForRole(role, extra.subgraph), ...extra };
}

/** A request's security state, as useAuthentication makes it. */
export function stateOf(identity: Identity, extra: Partial<RequestSecurity> = {}): RequestSecurity {
  return { identity, address: '127.0.0.1', subgraphs: new Set(), ...extra };
}

interface OperationInput {
  security?: RequestSecurity | undefined;
  variables?: Record<string, unknown>;
  queryHash?: string;
}

/** The plugin's listener for one request, with the context it was started with. */
async function listen(plugin: SecurityPlugin, contextValue: SecurityContext) {
  const listener = await plugin.operation?.requestDidStart?.({
    contextValue,
  } as Parameters<NonNullable<NonNullable<SecurityPlugin['operation']>['requestDidStart']>>[0]);
  return listener as GraphQLRequestListener<SecurityContext> | undefined;
}

/**
 * Runs the plugin's `didResolveOperation` on a query; resolves when the plugin lets it run,
 * rejects with its refusal.
 */
export async function resolveOperation(
  plugin: SecurityPlugin,
  query: string,
  input: OperationInput = {},
): Promise<void> {
  const contextValue: SecurityContext = { security: input.security };
  const listener = await listen(plugin, contextValue);
  const document = parse(query);
  await listener?.didResolveOperation?.({
    contextValue,
    document,
    operation: getOperationAST(document),
    operationName: null,
    schema: fixtureSchema,
    queryHash: input.queryHash ?? 'hash',
    request: { query, variables: input.variables },
  } as unknown as GraphQLRequestContextDidResolveOperation<SecurityContext>);
}

/** Runs the plugin's `didEncounterErrors` on errors; returns them as the plugin left them. */
export async function encounterErrors(
  plugin: SecurityPlugin,
  errors: GraphQLError[],
  security?: RequestSecurity,
): Promise<GraphQLError[]> {
  const contextValue: SecurityContext = { security };
  const listener = await listen(plugin, contextValue);
  await listener?.didEncounterErrors?.({
    contextValue,
    errors,
  } as unknown as GraphQLRequestContextDidEncounterErrors<SecurityContext>);
  return errors;
}

/** What came back from `sendThrough`. */
export interface PluginAnswer {
  status: number;
  headers: Headers;
  body: {
    errors?: { message: string; extensions?: { code?: string } }[];
    /** What reached the end of the plugin's handlers: the body and the state they left. */
    passed?: { body: unknown; security?: RequestSecurity & { subgraphs: unknown } };
  };
}

/** A request `sendThrough` sends: a JSON POST of `body` to `/graphql` unless told otherwise. */
export interface PluginRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends one request through the plugin's `http` handlers on `/graphql`, ended by a handler that
 * answers 200 with what reached it, and by the layer's error handler.
 */
export async function sendThrough(
  plugin: SecurityPlugin,
  request: PluginRequest,
  before: express.RequestHandler[] = [],
): Promise<PluginAnswer> {
  const app = express();
  app.use('/graphql', ...before, ...(plugin.http ?? []), (req, res) => {
    res.json({ passed: { body: req.body, security: requestSecurityOf(res) } });
  });
  app.use(answerClientErrors('1kb'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${request.path ?? '/graphql'}`, {
      method: request.method ?? 'POST',
      headers: request.headers ?? { 'content-type': 'application/json' },
      body: request.body,
    });
    const text = await response.text();
    let body: PluginAnswer['body'] = {};
    try {
      body = JSON.parse(text) as PluginAnswer['body'];
    } catch {
      // Not JSON (express's own 500 page): the status tells.
    }
    return { status: response.status, headers: response.headers, body };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The code of a refusal a plugin threw. */
export async function refusalCode(pending: Promise<void>): Promise<string | undefined> {
  try {
    await pending;
    return undefined;
  } catch (error) {
    return String((error as GraphQLError).extensions?.code);
  }
}

/** The code `plugin` refuses `query` with in `didResolveOperation`; undefined when it lets it run. */
export function refusalOf(
  plugin: SecurityPlugin,
  query: string,
  input: OperationInput = {},
): Promise<string | undefined> {
  return refusalCode(resolveOperation(plugin, query, input));
}
