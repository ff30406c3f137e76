import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { knownOperationTypesRule } from './knownOperationTypesRule.ts';

const readOnly = buildSchema('type Query { unit: String }');
const check = (source: string) =>
  validate(readOnly, parse(source), [...specifiedRules, knownOperationTypesRule]).map(
    (error) => error.message,
  );

describe('knownOperationTypesRule', () => {
  it('refuses an operation type the schema has no root for', () => {
    // graphql 16's own rules pass it: the gateway's planner then failed with HTTP 500.
    expect(validate(readOnly, parse('mutation { unit }'))).toEqual([]);
    expect(check('mutation { unit }')).toEqual([
      'The mutation operation is not supported by the schema.',
    ]);
    expect(check('subscription { unit }')).toEqual([
      'The subscription operation is not supported by the schema.',
    ]);
  });

  it('accepts the operations the schema has roots for', () => {
    expect(check('{ unit }')).toEqual([]);
    expect(check('query Named { unit }')).toEqual([]);
  });
});
