import type { ApolloServerPlugin } from '@apollo/server';
import { currentTraceId, traceIdOfTraceparent } from '@home-affairs/telemetry';
import type { Logger } from './createLogger.ts';

/**
 * Logs one line per GraphQL request: operation name, duration, error codes and trace id (the
 * request's `traceparent`'s when tracing is off). Variables and results are never logged, since
 * they may carry personal data.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, errors, operationName }) {
          const codes = (errors ?? []).map((error) => String(error.extensions?.code ?? 'UNKNOWN'));
          logger.info(
            {
              operationName: operationName ?? request.operationName ?? null,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errorCodes: codes.length > 0 ? codes : undefined,
              traceId:
                currentTraceId() ?? traceIdOfTraceparent(request.http?.headers.get('traceparent')),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
