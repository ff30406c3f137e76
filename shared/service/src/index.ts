export {
  cacheInvalidationPlugin,
  entityTag,
  invalidateCache,
  invalidatesExtension,
} from './cacheInvalidation.ts';
export { createLogger, type Logger } from './createLogger.ts';
export {
  createSubgraphServer,
  type SubgraphServer,
  type SubgraphServerOptions,
} from './createSubgraphServer.ts';
export {
  answerClientErrors,
  clientErrorOf,
  finalHandlers,
  type HttpError,
  methodNotAllowed,
  sendHttpError,
} from './httpErrors.ts';
export { inputValuesPlugin } from './inputValuesPlugin.ts';
export { logConnectionError } from './logConnectionError.ts';
export { requestLogPlugin } from './requestLogPlugin.ts';
export { type RunSubgraphOptions, runSubgraph } from './runSubgraph.ts';
export { type HttpService, type HttpServiceOptions, startHttpService } from './startHttpService.ts';
export { stopOnSignals } from './stopOnSignals.ts';
