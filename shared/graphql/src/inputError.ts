import { GraphQLError } from 'graphql';

/** The error codes a write or a malformed argument is refused with. */
export type InputErrorCode =
  /** A malformed value: wrong format, out of range, unknown enum. */
  | 'BAD_USER_INPUT'
  /** A well-formed value that breaks a rule of the domain (dates out of order, a sum exceeded). */
  | 'RULE_VIOLATION'
  /** A value that must be unique is taken, or a retry key was reused with different input. */
  | 'CONFLICT'
  /** The record the input names does not exist. */
  | 'NOT_FOUND';

/**
 * A coded error that names the offending argument or input field (`input.scope`), so a client
 * can put the message beside the right form field. The message must not quote personal data.
 */
export function inputError(
  message: string,
  options: { field: string; code?: InputErrorCode; details?: Record<string, unknown> },
): GraphQLError {
  const { field, code = 'BAD_USER_INPUT', details } = options;
  return new GraphQLError(message, {
    extensions: { code, field, argumentName: field.split('.')[0], ...details },
  });
}
