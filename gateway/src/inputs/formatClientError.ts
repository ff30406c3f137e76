import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';

/** graphql-js's message for a variable whose value its type refuses, which quotes the value. */
const invalidVariable = /^(Variable "\$[^"]+") got invalid value [\s\S]*$/;

/** graphql-js's built-in scalar and enum refusals, which quote the value after a colon. */
const quotingReason =
  /^((?:Int|Float|String|Boolean|ID|Enum "[^"]+") cannot represent [^:]*?):[\s\S]*$/;
const unknownEnumValue = /^Value "[^"]*" does not exist in ("[^"]+" enum)\.[\s\S]*$/;

/** A refusal's reason without the value it quotes. */
function withoutValue(reason: string): string {
  return reason
    .replace(quotingReason, '$1.')
    .replace(unknownEnumValue, 'The value does not exist in the $1.');
}

/**
 * Apollo Server's `formatError` for the gateway: what graphql-js writes for a refused variable
 * quotes the value the client sent (`Variable "$n" got invalid value "001099012345"; Int cannot
 * represent non-integer value: "001099012345"`), which may be personal data, and echoes a
 * megabyte string back in full. The answer keeps the variable, the position inside it and the
 * reason, never the value; any other error is left as it is.
 */
export function formatClientError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const match = invalidVariable.exec(formatted.message);
  if (!match) return formatted;
  const original = error instanceof GraphQLError ? error.originalError?.message : undefined;
  // The reason as the message still ends with it: a plugin may have cut its suggestion off. A
  // subgraph's relayed error has no original: its reason is what follows the last "; ".
  const last = formatted.message.lastIndexOf('; ');
  const reason = [
    original,
    original?.replace(/ ?Did you mean(.+?)\?$/, ''),
    last > 0 ? formatted.message.slice(last + 2) : undefined,
  ].find((candidate) => candidate && formatted.message.endsWith(`; ${candidate}`));
  const head = reason ? formatted.message.slice(0, -reason.length - 2) : '';
  const position = / at "[^"]*"$/.exec(head)?.[0] ?? '';
  return {
    ...formatted,
    message: `${match[1]} has an invalid value${position}${reason ? `: ${withoutValue(reason)}` : '.'}`,
  };
}
