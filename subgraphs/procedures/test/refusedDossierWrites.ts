import { dossierMutations as mutations } from './useDossierSubgraph.ts';

/**
 * Dossier writes the procedures subgraph refuses: the mutation, its fields (beside an idempotency
 * key and the province, Nghệ An), the error code and the rule it names. `id` is a dossier received
 * online at commune 16690 on 2025-09-08 and still pending; `codes` are the test procedures' codes.
 */
export function refusedDossierWrites(
  codes: { commune: string; offline: string },
  id: string,
): [string, Record<string, unknown>, string, string][] {
  return [
    [
      mutations.resolve,
      { dossierId: id, resolvedOn: '2025-09-05' },
      'RULE_VIOLATION',
      'BEFORE_RECEIPT',
    ],
    [
      mutations.resolve,
      { dossierId: id, resolvedOn: '2025-10-30' },
      'RULE_VIOLATION',
      'APOLOGY_REQUIRED',
    ],
    [
      mutations.resolve,
      { dossierId: id, resolvedOn: '2099-01-01' },
      'RULE_VIOLATION',
      'DATE_IN_FUTURE',
    ],
    [mutations.resolve, { dossierId: '999999999' }, 'NOT_FOUND', ''],
    [
      mutations.apologize,
      { dossierId: id, reason: 'x', newDueOn: '2025-09-09' },
      'RULE_VIOLATION',
      'APOLOGY_NOT_AFTER_DUE',
    ],
    [
      mutations.receive,
      {
        procedureCode: codes.commune,
        unitCode: '16684',
        channel: 'ONLINE',
        receivedOn: '2025-09-08',
      },
      'RULE_VIOLATION',
      'UNIT_NOT_IN_FORCE',
    ],
    [
      mutations.receive,
      {
        procedureCode: codes.commune,
        unitCode: '40',
        channel: 'ONLINE',
        receivedOn: '2025-09-08',
      },
      'RULE_VIOLATION',
      'LEVEL_MISMATCH',
    ],
    [
      mutations.receive,
      {
        procedureCode: codes.offline,
        unitCode: '40',
        channel: 'ONLINE',
        receivedOn: '2025-09-08',
      },
      'RULE_VIOLATION',
      'NOT_ONLINE',
    ],
    [
      mutations.receive,
      {
        procedureCode: codes.commune,
        unitCode: '18073',
        channel: 'ONLINE',
        receivedOn: '2025-09-08',
      },
      'RULE_VIOLATION',
      'PROVINCE_MISMATCH',
    ],
    [
      mutations.receive,
      { procedureCode: '9.999999', unitCode: '16681', channel: 'ONLINE' },
      'NOT_FOUND',
      '',
    ],
  ];
}
