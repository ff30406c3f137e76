import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { forwardedIdentityHeader } from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import { traceIdOfRequest } from '@home-affairs/telemetry';
import { type GraphQLError, parse } from 'graphql';
import type { ResponseCache } from '../cache/createResponseCache.ts';
import { addRequestTags, fetchTags, invalidationTags } from '../cache/requestTags.ts';
import type { CreateGatewayOptions, GatewayContext } from '../createGateway.ts';
import type { SubgraphEndpoint } from '../subgraphsOfSupergraph.ts';
import { CircuitOpenError, type SubgraphCircuit } from './createSubgraphCircuit.ts';
import {
  pathsOfFetch,
  refusalErrors,
  relayedErrors,
  SubgraphFailure,
  SubgraphRejection,
  type UnavailableReason,
} from './subgraphErrors.ts';
import type { SubgraphPolicy } from './subgraphPoliciesFromEnv.ts';

/** A subgraph's answer as a data source hands it to the gateway. */
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** How one subgraph request ended, for `SubgraphDataSourceOptions.observe`. */
export interface SubgraphRequestOutcome {
  subgraph: string;
  /** From the request's start to its end (or its refusal by the open circuit). */
  milliseconds: number;
  /** `answered` (HTTP 2xx), `refused` (4xx), `failed` (see `reason`), `circuit-open` (not sent). */
  outcome: 'answered' | 'refused' | 'failed' | 'circuit-open';
  reason?: UnavailableReason;
}

/** What a subgraph's data source needs besides the subgraph. */
export interface SubgraphDataSourceOptions
  // The hooks of createGateway's options, called for each request of a client operation.
  extends Pick<CreateGatewayOptions, 'subgraphRequestHeaders' | 'willSendRequest'> {
  policy: SubgraphPolicy;
  circuit: SubgraphCircuit;
  logger: Logger;
  /** Told how each request ended (metrics, benchmarks). */
  observe?: (outcome: SubgraphRequestOutcome) => void;
  /**
   * The response cache: identical in-flight reads with the same signed identity are sent once,
   * the tags of what each fetch read are recorded for the request, and a write's answer drops the
   * cached answers it changed (ADR 0014).
   */
  cache?: ResponseCache | undefined;
}

/**
 * The body of a subgraph fetch that reads: Apollo Gateway sends `{"query":...}` first, and the
 * planner writes reads as `query ...` or `{...}` (writes as `mutation ...`).
 */
const readFetchBody = /^\{"query":"(?:query\b|\{)/;

/** A fetch answer read in full, with its JSON body parsed once. */
interface ReadResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: Headers;
  body: unknown;
  textContent: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isGraphQLAnswer(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('data' in body || 'errors' in body);
}

/**
 * The gateway's connection to one subgraph: signs and sends each fetch of a query plan through the
 * subgraph's circuit with its timeout, and turns what can go wrong into coded errors. A failure
 * (no connection, timeout, HTTP 5xx, no GraphQL answer, open circuit) gives SUBGRAPH_UNAVAILABLE
 * with `serviceName` and `reason` at each path the fetch was to fill, so only the subgraph's own
 * fields are null; a refusal (HTTP 4xx) relays the subgraph's coded errors. Nothing of the raw
 * response, and never the subgraph's address, reaches a client.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: SubgraphEndpoint,
    private readonly options: SubgraphDataSourceOptions,
  ) {
    super({ url: subgraph.url });
    // The gateway computes its cache policy from the supergraph's @cacheControl (ADR 0014); a
    // subgraph's Cache-Control header would otherwise make the gateway send one to clients.
    this.honorSubgraphCacheControlHeader = false;
    // Node's fetch rather than the default (make-fetch-happen, no timeout): it takes an abort
    // signal and keeps connections alive. The body is read inside the timeout and the circuit:
    // a subgraph that sends its headers and then hangs is as hung as one that never answers.
    this.fetcher = ((url: string, init: RequestInit) =>
      this.send(url, init)) as unknown as typeof this.fetcher;
  }

  /**
   * Sends one fetch through the circuit. A read with the same URL, body and signed identity as
   * one in flight shares its answer; each caller gets its own parsed copy, since the gateway
   * merges into what it receives.
   */
  private async send(url: string, init: RequestInit): Promise<ReadResponse> {
    const send = () => this.options.circuit.run(() => this.exchange(url, init));
    const { cache } = this.options;
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (!cache?.deduplicate || !body || !readFetchBody.test(body)) return send();
    const headers = init.headers as Record<string, string> | undefined;
    const key = `${url}\n${headers?.[forwardedIdentityHeader] ?? ''}\n${body}`;
    let leader = false;
    const response = await cache.shared('fetch', key, () => {
      leader = true;
      return send();
    });
    return leader ? response : { ...response, body: parseJson(response.textContent) };
  }

  private async exchange(url: string, init: RequestInit): Promise<ReadResponse> {
    const { timeoutMilliseconds } = this.options.policy;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMilliseconds) });
      text = await response.text();
    } catch (error) {
      throw (error as Error).name === 'TimeoutError'
        ? new SubgraphFailure('TIMEOUT', `did not answer within ${timeoutMilliseconds} ms`, {
            cause: error,
          })
        : new SubgraphFailure('CONNECTION_FAILED', 'cannot be reached', { cause: error });
    }
    const body = parseJson(text);
    if (response.status >= 500) {
      throw new SubgraphFailure('BAD_RESPONSE', `answered HTTP ${response.status}`);
    }
    if (response.status < 400 && !isGraphQLAnswer(body)) {
      throw new SubgraphFailure('BAD_RESPONSE', 'answered with no GraphQL response');
    }
    return {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      url,
      headers: response.headers,
      body,
      textContent: text,
      json: async () => body,
      text: async () => text,
    };
  }

  override async parseBody(response: unknown): Promise<object | string> {
    return (response as ReadResponse).body as object;
  }

  override async errorFromResponse(response: unknown): Promise<GraphQLError> {
    const { status, body } = response as ReadResponse;
    return new SubgraphRejection(status, refusalErrors(this.subgraph.name, status, body));
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // Only requests made for a client operation carry its context; the gateway's own requests
    // (health checks, schema loading) are not sent with a static supergraph anyway.
    if (!('incomingRequestContext' in options)) return;
    const { subgraphRequestHeaders, willSendRequest } = this.options;
    if (subgraphRequestHeaders) {
      const headers = await subgraphRequestHeaders(options.context, this.subgraph);
      for (const [name, value] of Object.entries(headers)) {
        options.request.http?.headers.set(name, value);
      }
    }
    await willSendRequest?.(options, this.subgraph);
  }

  override async didReceiveResponse({ response }: { response: GatewayGraphQLResponse }) {
    return response.errors ? { ...response, errors: relayedErrors(response.errors) } : response;
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const observe = (outcome: SubgraphRequestOutcome['outcome'], reason?: UnavailableReason) =>
      this.options.observe?.({
        subgraph: this.subgraph.name,
        milliseconds: performance.now() - started,
        outcome,
        reason,
      });
    try {
      const response = await super.process(options);
      observe('answered');
      const { cache } = this.options;
      if (cache && 'incomingRequestContext' in options) {
        if (options.incomingRequestContext.operation?.operation === 'mutation') {
          await cache.invalidate(invalidationTags(this.subgraph.name, response.extensions));
        } else {
          addRequestTags(options.context, fetchTags(this.subgraph.name, options.request.variables));
        }
      }
      return response;
    } catch (error) {
      if (error instanceof SubgraphRejection) {
        observe('refused');
        return { errors: error.errors };
      }
      let reason: UnavailableReason;
      let detail: string;
      if (error instanceof CircuitOpenError) {
        reason = 'CIRCUIT_OPEN';
        detail = 'is unavailable: its circuit is open after repeated failures';
        observe('circuit-open', reason);
      } else if (error instanceof SubgraphFailure) {
        ({ reason, detail } = error);
        observe('failed', reason);
        // A write that timed out or lost its answer may have committed all the same.
        if (
          this.options.cache &&
          'incomingRequestContext' in options &&
          options.incomingRequestContext.operation?.operation === 'mutation'
        ) {
          await this.options.cache.invalidate(invalidationTags(this.subgraph.name, undefined));
        }
        this.options.logger.warn(
          {
            subgraph: this.subgraph.name,
            url: this.subgraph.url,
            reason,
            err: error.cause,
            // The request's, also when tracing is off (the logger's mixin adds it when on).
            traceId: traceIdOfRequest(options.context?.headers),
          },
          'subgraph request failed',
        );
      } else {
        // Not the subgraph's failure (a hook of this gateway threw): an internal error.
        throw error;
      }
      return { errors: this.unavailableErrors(options, reason, detail) };
    }
  }

  /** One SUBGRAPH_UNAVAILABLE error at each path the fetch was to fill. */
  private unavailableErrors(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    reason: UnavailableReason,
    detail: string,
  ) {
    const { request } = options;
    const document =
      ('document' in options ? options.document : undefined) ??
      (request.query ? parse(request.query) : undefined);
    const paths = document ? pathsOfFetch(document, request.variables) : [];
    const error = (path?: (string | number)[]) => ({
      message: `The ${this.subgraph.name} subgraph ${detail}.`,
      ...(path ? { path } : {}),
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph.name, reason },
    });
    return paths.length > 0 ? paths.map(error) : [error()];
  }
}
