import { buildSchema, GraphQLError, getVariableValues, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatClientError } from './formatClientError.ts';

const schema = buildSchema(`
  enum Level { PROVINCE COMMUNE }
  input Filter { level: Level, first: Int }
  type Query { units(first: Int, level: Level, filter: Filter): Int }
`);

/** The error graphql-js reports for `variables`, formatted as Apollo Server would pass it. */
function refusal(query: string, variables: Record<string, unknown>) {
  const operation = parse(query).definitions[0];
  if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const error = errors?.[0];
  if (!error) throw new Error('the variables were accepted');
  return formatClientError(
    { message: error.message, extensions: { code: 'BAD_USER_INPUT' } },
    error,
  );
}

describe('formatClientError', () => {
  it('keeps the variable and the reason of a refused variable, not its value', () => {
    const formatted = refusal('query($n: Int) { units(first: $n) }', { n: '001099012345' });
    expect(formatted.message).toBe(
      'Variable "$n" has an invalid value: Int cannot represent non-integer value.',
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('keeps the position inside an input object', () => {
    const formatted = refusal('query($f: Filter) { units(filter: $f) }', {
      f: { level: 'Nguyễn Thị Bí Mật' },
    });
    expect(formatted.message).toBe(
      'Variable "$f" has an invalid value at "f.level": The value does not exist in the "Level" enum.',
    );
  });

  it("reads the reason of a subgraph's relayed refusal, which has no original error", () => {
    const relayed = {
      message: 'Variable "$day" got invalid value "1961-02-30"; A Date is a calendar day.',
      extensions: { code: 'BAD_USER_INPUT', serviceName: 'events' },
    };
    expect(formatClientError(relayed, new GraphQLError(relayed.message)).message).toBe(
      'Variable "$day" has an invalid value: A Date is a calendar day.',
    );
  });

  it('leaves every other error as it is', () => {
    const formatted = { message: 'from must not be after to.', extensions: { code: 'X' } };
    expect(formatClientError(formatted, new GraphQLError(formatted.message))).toBe(formatted);
  });
});
