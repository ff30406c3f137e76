import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf } from '../apiSchemaOf.ts';
import { ngheAnSeparation } from '../testing/ngheAnSeparation.ts';
import { prepareSupergraph } from './prepareSupergraph.ts';
import { redactEveryValue, redactOperationVariables, redactVariables } from './redactVariables.ts';

describe('redactVariables', () => {
  it('keeps codes, enums, dates, numbers and booleans and redacts every other string', () => {
    const kept = {
      code: '16681',
      province: '40',
      level: 'COMMUNE',
      asOf: '2025-07-01',
      first: 20,
      active: true,
    };
    expect(
      redactVariables({
        ...kept,
        name: 'Nguyễn Văn An',
        nationalId: '040090001234',
        people: [{ phone: '0912345678' }],
      }),
    ).toEqual({
      ...kept,
      name: '[redacted]',
      nationalId: '[redacted]',
      people: [{ phone: '[redacted]' }],
    });
  });

  it('redacts every value, keeping keys and nulls, for an operation that was never resolved', () => {
    expect(
      redactEveryValue({ input: { birthDate: '1985-02-17', amount: 3, note: null }, list: [true] }),
    ).toEqual({
      input: { birthDate: '[redacted]', amount: '[redacted]', note: null },
      list: ['[redacted]'],
    });
  });
});

describe('redactOperationVariables over the checked-in supergraph', () => {
  const supergraphSdl = readFileSync(
    fileURLToPath(new URL('../../supergraph.graphql', import.meta.url)),
    'utf8',
  );
  const { personalInputs } = prepareSupergraph(supergraphSdl);
  const schema = apiSchemaOf(supergraphSdl);
  const redact = (source: string, variables: Record<string, unknown>) => {
    const document: DocumentNode = parse(source);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    )!;
    return redactOperationVariables(variables, { schema, document, operation, personalInputs });
  };
  const separation = ngheAnSeparation({
    idempotencyKey: 'retry-1',
    reason: 'RESIGNATION',
    effectiveDate: '2025-09-01',
    fullName: 'Lê Thị Nhật Ký',
    nationalId: '040185987654',
    birthDate: '1985-02-17',
  });

  it('reads the personal inputs from the schema', () => {
    expect(personalInputs).toContain('RecordSeparationInput.birthDate');
    expect(personalInputs).toContain('RecordSeparationInput.nationalId');
    expect(personalInputs).toContain('RecordSeparationInput.fullName');
    expect(personalInputs).not.toContain('RecordSeparationInput.effectiveDate');
  });

  it('redacts a birth date in an input-object variable, and keeps the dates that are not personal', () => {
    const redacted = redact(
      'mutation ($input: RecordSeparationInput!) { recordSeparation(input: $input) { separation { id } } }',
      { input: separation },
    );
    expect(redacted).toEqual({
      input: {
        ...separation,
        idempotencyKey: '[redacted]',
        agencyCode: '[redacted]',
        fullName: '[redacted]',
        nationalId: '[redacted]',
        birthDate: '[redacted]',
      },
    });
    expect(JSON.stringify(redacted)).not.toContain('1985-02-17');
  });

  it('redacts a variable used in a personal field of an input literal', () => {
    const redacted = redact(
      `mutation ($born: Date!, $from: Date!, $amount: Float!, $extra: String) {
        recordSeparation(input: {
          idempotencyKey: "k", agencyCode: "UBND-40", reason: RESIGNATION, category: CIVIL_SERVANT,
          effectiveDate: $from, benefitAmount: $amount, fullName: "x", nationalId: "y", birthDate: $born
        }) { separation { id } }
      }`,
      { born: '1985-02-17', from: '2025-09-01', amount: 1, undeclared: '1970-01-01' },
    );
    expect(redacted).toEqual({
      born: '[redacted]',
      from: '2025-09-01',
      amount: 1,
      undeclared: '[redacted]',
    });
  });
});
