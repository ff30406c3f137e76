import { fixtureRegistration as validRegistration } from './fixtures.ts';

/** The registration mutation of the writes test, answering the organisation it registered. */
export const register = `mutation Register($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) {
    organization { registrationNumber kind scope licensingLevel licensingAgencyCode seat { code } status }
  }
}`;

const fileReport = `mutation($input: FileFinancialReportInput!) {
  fileFinancialReport(input: $input) { financialReport { year } } }`;
const changeStatus = `mutation($input: ChangeOrganizationStatusInput!) {
  changeOrganizationStatus(input: $input) { organization { status } } }`;
const reportInput = {
  idempotencyKey: 'report-invalid',
  registrationNumber: 'HOI-900001',
  provinceCode: '01',
  year: 2025,
  filedOn: '2026-07-01',
  incomeVnd: 1,
  expensesVnd: 1,
  domesticSponsorshipVnd: 0,
  foreignAidVnd: 0,
};

/**
 * Writes the associations subgraph refuses after the writes of writes.int.test.ts (HOI-900001
 * registered, then dissolved): what is wrong, the mutation, its variables, the error code and the
 * input field the error names.
 */
export const refusedWrites: [string, string, Record<string, unknown>, string, string][] = [
  [
    'a scope above the licensing level',
    register,
    {
      input: {
        ...validRegistration,
        idempotencyKey: 'bad-1',
        registrationNumber: 'HOI-900002',
        scope: 'NATIONWIDE',
      },
    },
    'RULE_VIOLATION',
    'input.licensingLevel',
  ],
  [
    'a taken registration number',
    register,
    { input: { ...validRegistration, idempotencyKey: 'bad-2' } },
    'CONFLICT',
    'input.registrationNumber',
  ],
  [
    'a malformed registration number',
    register,
    { input: { ...validRegistration, idempotencyKey: 'bad-3', registrationNumber: 'X-1' } },
    'BAD_USER_INPUT',
    'input.registrationNumber',
  ],
  [
    'a prefix of another kind',
    register,
    {
      input: { ...validRegistration, idempotencyKey: 'bad-4', registrationNumber: 'QTT-900002' },
    },
    'RULE_VIOLATION',
    'input.registrationNumber',
  ],
  [
    'founding after registration',
    register,
    {
      input: {
        ...validRegistration,
        idempotencyKey: 'bad-5',
        registrationNumber: 'HOI-900003',
        foundedOn: '2025-10-01',
      },
    },
    'RULE_VIOLATION',
    'input.foundedOn',
  ],
  [
    'an abolished seat',
    register,
    {
      input: {
        ...validRegistration,
        idempotencyKey: 'bad-6',
        registrationNumber: 'HOI-900004',
        seatCode: '00001',
      },
    },
    'NOT_FOUND',
    'input.seatCode',
  ],
  [
    'a province that is not the seat’s',
    register,
    {
      input: {
        ...validRegistration,
        idempotencyKey: 'bad-7',
        registrationNumber: 'HOI-900005',
        provinceCode: '45',
      },
    },
    'RULE_VIOLATION',
    'input.provinceCode',
  ],
  [
    'a fund below its minimum assets',
    register,
    {
      input: {
        ...validRegistration,
        idempotencyKey: 'bad-8',
        registrationNumber: 'QTT-900006',
        kind: 'CHARITY_FUND',
        memberCount: null,
        foundingAssetsVnd: 1000,
      },
    },
    'RULE_VIOLATION',
    'input.foundingAssetsVnd',
  ],
  [
    'a report of a dissolved organisation',
    fileReport,
    { input: reportInput },
    'RULE_VIOLATION',
    'input.registrationNumber',
  ],
  [
    'a report of an unknown organisation',
    fileReport,
    { input: { ...reportInput, registrationNumber: 'HOI-999999' } },
    'NOT_FOUND',
    'input.registrationNumber',
  ],
  [
    'a report naming another province',
    fileReport,
    {
      input: { ...reportInput, registrationNumber: 'HOI-000001', provinceCode: 'XX', year: 2026 },
    },
    'RULE_VIOLATION',
    'input.provinceCode',
  ],
  [
    'a status change of a dissolved organisation',
    changeStatus,
    {
      input: {
        idempotencyKey: 'bad-9',
        registrationNumber: 'HOI-900001',
        provinceCode: '01',
        status: 'ACTIVE',
        effectiveOn: '2026-07-01',
        decisionNumber: '1',
      },
    },
    'RULE_VIOLATION',
    'input.status',
  ],
];
