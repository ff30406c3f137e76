import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Longest name a document may give an operation, a fragment, a variable or an alias. The schema's
 * own names are under 40 characters; a longer one only makes answers and logs bigger.
 */
export const maxNameLength = 100;

/** Refuses an operation, fragment, variable or alias name over `maxNameLength` characters. */
export const nameLengthRule: ValidationRule = (context) => {
  const check = (name: { value: string } | undefined, what: string) => {
    if (name && name.value.length > maxNameLength) {
      context.reportError(
        new GraphQLError(`A ${what} name is longer than ${maxNameLength} characters.`),
      );
    }
  };
  return {
    OperationDefinition: (node) => check(node.name, 'operation'),
    FragmentDefinition: (node) => check(node.name, 'fragment'),
    VariableDefinition: (node) => check(node.variable.name, 'variable'),
    Field: (node) => check(node.alias, 'alias'),
  };
};
