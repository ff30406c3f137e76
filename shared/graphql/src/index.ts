export { canonicalJson } from './canonicalJson.ts';
export {
  checkInputValues,
  defaultInputLimits,
  type InputLimits,
  stringProblem,
} from './checkInputValues.ts';
export {
  type Connection,
  type CursorCodec,
  checkPageSize,
  cursorCodec,
  maxPageSize,
  pageConnection,
  pageInfoModule,
  rowConnection,
  toConnection,
} from './connection.ts';
export {
  addDays,
  dateErrorMessage,
  dateModule,
  dateRange,
  dateScalar,
  dayBefore,
  isCalendarDate,
  isDateInRange,
  todayInVietnam,
} from './dateScalar.ts';
export { dayNumber, isoDay } from './days.ts';
export { foldForSearch } from './foldForSearch.ts';
export { groupBy } from './groupBy.ts';
export { type InputErrorCode, inputError } from './inputError.ts';
export { reformDate } from './reformDate.ts';
export {
  type ConnectionOptions,
  connectionTypeDefs,
  featureTypeDefs,
  pageArguments,
  readSdlFragments,
  type SdlFragments,
  spliceSdlFragments,
} from './sdl.ts';
export { defineSubgraph, federationModule } from './subgraphModules.ts';
