import type { ApolloServer } from '@apollo/server';
import type { Logger } from '@home-affairs/service';
import type { GatewayContext } from '../createGateway.ts';

/** The contracts' Apollo Servers, started after the main one (see createGateway). */
export interface ContractStarts {
  /** Starts every contract once; resolves with the names of those that started. */
  start(): Promise<ReadonlySet<string>>;
  /** The names of the contracts that started, once `start()` has settled; undefined before. */
  started(): ReadonlySet<string> | undefined;
  /** Stops the contracts that started (waiting for a start under way); none start after it. */
  stop(): Promise<void>;
}

/**
 * Starts the contracts' Apollo Servers (each builds its own schema and query planner) when
 * `start()` is first called, not with the main API. A contract that cannot start is logged and
 * left out: its callers are refused (mountContracts), never served the whole schema.
 */
export function startContracts(
  contracts: ReadonlyMap<string, ApolloServer<GatewayContext>>,
  logger: Logger,
): ContractStarts {
  let starting: Promise<ReadonlySet<string>> | undefined;
  let started: ReadonlySet<string> | undefined;
  let stopped = false;
  const start = () => {
    if (stopped) return Promise.resolve(new Set<string>());
    starting ??= Promise.all(
      [...contracts].map(async ([name, server]) => {
        try {
          await server.start();
          return [name];
        } catch (error) {
          logger.error({ err: error, contract: name }, 'contract could not be loaded');
          return [];
        }
      }),
    ).then((names) => {
      started = new Set(names.flat());
      return started;
    });
    return starting;
  };
  return {
    start,
    started: () => started,
    stop: async () => {
      stopped = true;
      const names = (await starting) ?? new Set<string>();
      await Promise.all(
        [...contracts].filter(([name]) => names.has(name)).map(([, server]) => server.stop()),
      );
    },
  };
}
