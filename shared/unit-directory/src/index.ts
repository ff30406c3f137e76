export {
  announceCacheInvalidation,
  type CacheInvalidationAnnouncer,
  type CacheInvalidationChannel,
} from './announceCacheInvalidation.ts';
export { fetchUnitDirectories } from './fetchUnitDirectories.ts';
export {
  type DirectoryPage,
  type DirectoryUnit,
  fetchUnitDirectory,
  type UnitDirectoryOptions,
} from './fetchUnitDirectory.ts';
export {
  createFollowingSubgraphServer,
  type FollowingSubgraphOptions,
  runFollowingSubgraph,
} from './followingSubgraph.ts';
export {
  type FollowUnitChangesOptions,
  fetchUnitChanges,
  fetchUnitChangesHead,
  followUnitChanges,
  type UnitChange,
  type UnitChangeFollower,
  type UnitChangePage,
  type UnitChangeState,
  type UnitFeedSource,
  unitChangesPageSize,
  unitChangesQuery,
} from './followUnitChanges.ts';
export {
  ensureUnitFeedCursor,
  followUnitFeed,
  type UnitFeedCursorTable,
  type UnitFeedOptions,
  unitFeedCursorTable,
} from './followUnitFeed.ts';
export {
  cacheInvalidationFromEnv,
  graphUrlFromEnv,
  unitFeedIntervalFromEnv,
} from './graphUrlFromEnv.ts';
export {
  type AttributionColumns,
  type AttributionMove,
  type AttributionTables,
  type Reattribution,
  reattribute,
} from './reattribute.ts';
export { throttledWaitLog } from './throttledWaitLog.ts';
export { exporterFile, exportUnitDirectories } from './unitDirectoryExport.ts';
export { unitFeedFollower, unitFeedFromEnv } from './unitFeedFollower.ts';
export type { DirectoryLevel, UnitChangeLink, UnitVersion } from './unitVersion.ts';
export { inForceOn, versionInForce } from './versionInForce.ts';
