import { foldForSearch } from '@home-affairs/graphql';

/**
 * The `search_key` of a unit version: its folded full name (which contains the name) and its
 * code, so that "nghe an" and "40" both find Tỉnh Nghệ An.
 */
export function unitSearchKey(fullName: string, code: string): string {
  return foldForSearch(`${fullName} ${code}`);
}
