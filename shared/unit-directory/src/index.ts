export { fetchUnitDirectories } from './fetchUnitDirectories.ts';
export {
  type DirectoryLevel,
  type DirectoryUnit,
  fetchUnitDirectory,
  type UnitDirectoryOptions,
} from './fetchUnitDirectory.ts';
export { graphUrlFromEnv } from './graphUrlFromEnv.ts';
