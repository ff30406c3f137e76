import { inputError } from '@home-affairs/graphql';
import type { OrganizationFilter } from './queries.ts';

/** Refuses a filter whose values cannot match anything sensible, with a coded error. */
export function checkFilter(filter: OrganizationFilter | null | undefined): void {
  if (filter?.search != null && filter.search.length > 200) {
    throw inputError('search must be at most 200 characters.', { field: 'filter.search' });
  }
  if (filter?.provinceCode != null && !/^\d{2}$/.test(filter.provinceCode)) {
    throw inputError('provinceCode must be a two-digit province code.', {
      field: 'filter.provinceCode',
    });
  }
}
