import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import type { Deferred } from './afterPortOpens.ts';
import { mountContracts } from './contracts/mountContracts.ts';
import type { ContractStarts } from './contracts/startContracts.ts';
import type { CreateGatewayOptions, Gateway, GatewayContext } from './createGateway.ts';
import { mountDashboard } from './mountDashboard.ts';
import { mountGraphiQL, renderGraphiQLPage } from './mountGraphiQL.ts';
import type { GatewayMetrics } from './telemetry/useMetrics.ts';
import { traceIdsInErrorResponses } from './telemetry/useTraceIds.ts';

/** What `configure` mounts beside `options.configure`'s routes. */
export interface RouteParts {
  metrics: GatewayMetrics | undefined;
  deferred: Deferred;
  contracts: ReadonlyMap<string, ApolloServer<GatewayContext>>;
  contractStarts: ContractStarts;
  context: Gateway['context'];
}

/**
 * Adds the routes of `options.configure`, then GraphiQL's, the contracts' and the dashboard's.
 * Called once the main API has started, just before the port opens. A browser or a contract's
 * caller that comes before the page or the contract is made waits for it; a page that cannot be
 * made costs the page only.
 */
export function configureRoutes(
  app: Express,
  options: CreateGatewayOptions,
  { metrics, deferred, contracts, contractStarts, context }: RouteParts,
): void {
  app.use(traceIdsInErrorResponses(metrics?.observeHttpRefusal));
  options.configure?.(app);
  if (options.graphiql !== false) {
    const settings = options.graphiql ?? {};
    const page = deferred.later(() =>
      renderGraphiQLPage(settings).catch((error: unknown) => {
        options.logger.error(
          { err: error },
          'GraphiQL page could not be rendered; serving without it',
        );
        return undefined;
      }),
    );
    mountGraphiQL(app, page, settings);
  }
  if (contracts.size > 0) {
    const started = deferred.later(contractStarts.start);
    mountContracts(app, contracts, started, context, options.contractOf);
  }
  if (options.dashboard) mountDashboard(app, options.dashboard);
}
