import type { MessageKey } from '../i18n/messages.ts';

/** The message of each group of criteria of the service index, by the group's key. */
export const groupLabels: Record<string, MessageKey> = {
  PUBLICITY: 'groupPublicity',
  PROGRESS: 'groupProgress',
  ONLINE_SERVICE: 'groupOnline',
  DIGITISATION: 'groupDigitisation',
  SATISFACTION: 'groupSatisfaction',
};
/** The keys of the groups of criteria, in the order the views show them. */
export const groupKeys = Object.keys(groupLabels);
