export { createLogger, type Logger } from './createLogger.ts';
export { requestLogPlugin } from './requestLogPlugin.ts';
export { type HttpService, type HttpServiceOptions, startHttpService } from './startHttpService.ts';
export { stopOnSignals } from './stopOnSignals.ts';
