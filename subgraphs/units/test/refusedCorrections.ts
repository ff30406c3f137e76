import { correctionMutations as mutations } from './correctionMutations.ts';

/**
 * Corrections the units subgraph refuses, over the fixture units after the corrections of
 * corrections.int.test.ts: the mutation, its fields (beside an idempotency key, a legal basis and
 * an effective day), the error code, the input field it names and the rule, when one is named.
 */
export const refusedCorrections: [string, Record<string, unknown>, string, string, string?][] = [
  [mutations.rename, { code: '1668', name: 'X' }, 'BAD_USER_INPUT', 'input.code'],
  [mutations.rename, { code: '16681', name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
  [
    mutations.rename,
    { code: '16681', name: 'X', legalBasis: ' ' },
    'BAD_USER_INPUT',
    'input.legalBasis',
  ],
  [
    mutations.rename,
    { code: '16681', name: 'X', effectiveDate: '2099-01-01' },
    'BAD_USER_INPUT',
    'input.effectiveDate',
  ],
  // Refused by the Date scalar before any resolver runs.
  [
    mutations.rename,
    { code: '16681', name: 'X', effectiveDate: '2026-02-30' },
    'BAD_USER_INPUT',
    '',
  ],
  [mutations.rename, { code: '99999', name: 'X' }, 'NOT_FOUND', 'input.code', 'UNIT_NOT_IN_FORCE'],
  [
    mutations.rename,
    { code: '16681', name: 'Vinh Phú' },
    'RULE_VIOLATION',
    'input.name',
    'NO_CHANGE',
  ],
  [
    mutations.retype,
    { code: '16681', type: 'PROVINCE' },
    'RULE_VIOLATION',
    'input.type',
    'LEVEL_MISMATCH',
  ],
  [
    mutations.merge,
    { codes: ['16681'], intoCode: '16681' },
    'BAD_USER_INPUT',
    'input.codes.0',
    'DUPLICATE_UNIT',
  ],
  [
    mutations.merge,
    { codes: ['40'], intoCode: '16681' },
    'RULE_VIOLATION',
    'input.codes.0',
    'LEVEL_MISMATCH',
  ],
  [mutations.merge, { codes: [], intoCode: '16681' }, 'BAD_USER_INPUT', 'input.codes'],
  [
    mutations.split,
    { code: '16681', parts: [{ code: '16681' }, { code: '16800' }] },
    'BAD_USER_INPUT',
    'input.parts.1',
  ],
  [
    mutations.split,
    { code: '16681', parts: [{ code: '16681' }, { code: '16738', type: 'PROVINCE' }] },
    'RULE_VIOLATION',
    'input.parts.1.type',
    'LEVEL_MISMATCH',
  ],
  [
    mutations.links,
    { links: [{ predecessorCode: '16738', successorCode: '16681', share: 'WHOLE' }] },
    'RULE_VIOLATION',
    'input.links.0.share',
    'SHARE_CONFLICT',
  ],
  [
    mutations.links,
    {
      effectiveDate: '2025-07-01',
      links: [{ predecessorCode: '16684', successorCode: '16690', share: 'PART' }],
    },
    'RULE_VIOLATION',
    'input.links',
    'SHARE_CONFLICT',
  ],
  [
    mutations.merge,
    { effectiveDate: '2025-03-01', codes: ['16687'], intoCode: '16690' },
    'NOT_FOUND',
    'input.intoCode',
    'UNIT_NOT_IN_FORCE',
  ],
  [
    mutations.merge,
    { effectiveDate: '2025-03-01', codes: ['16687'], intoCode: '16684' },
    'RULE_VIOLATION',
    'input.codes.0',
    'LATER_HISTORY',
  ],
  [
    mutations.merge,
    { codes: ['412'], intoCode: '40', effectiveDate: '2025-01-01' },
    'RULE_VIOLATION',
    'input.codes.0',
    'LEVEL_MISMATCH',
  ],
];
