import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  typeFromAST,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** What replaces a value that may be personal. */
const redacted = '[redacted]';

// Official unit codes (2, 3 or 5 digits) are public identifiers and make the log useful; a
// 9- or 12-digit citizen identity number is not, so the bound stops at 5 digits.
const publicCode = /^[0-9]{1,5}$/;
// Enum values and ISO dates carry no personal data.
const enumValue = /^[A-Z][A-Z0-9_]*$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Copies operation variables for the audit log with every value that could be personal replaced:
 * booleans, numbers, nulls, enum-like strings, dates and official unit codes are kept, every
 * other string (names, identity numbers, free text) becomes `[redacted]`. Keys are kept, so the
 * log shows what was asked without what was said.
 */
export function redactVariables(value: unknown, depth = 0): unknown {
  if (depth > 20) return redacted;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    return publicCode.test(value) || enumValue.test(value) || isoDate.test(value)
      ? value
      : redacted;
  }
  if (Array.isArray(value)) return value.map((item) => redactVariables(item, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactVariables(item, depth + 1)]),
    );
  }
  return redacted;
}

/**
 * Copies variables with every value replaced (`null` kept) and their keys kept: for a request
 * whose operation was never resolved (a parse or validation error), where no schema says which
 * values are personal.
 */
export function redactEveryValue(value: unknown, depth = 0): unknown {
  if (value === null) return null;
  if (depth > 20) return redacted;
  if (Array.isArray(value)) return value.map((item) => redactEveryValue(item, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactEveryValue(item, depth + 1)]),
    );
  }
  return redacted;
}

/** What `redactOperationVariables` reads the personal positions of an operation from. */
export interface OperationToRedact {
  /** The schema the operation was validated against. */
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coordinates of personal input fields and arguments (`PreparedSupergraph.personalInputs`). */
  personalInputs: ReadonlySet<string>;
}

/**
 * Copies an operation's variables for the audit log: every value that reaches an input the
 * schema marks personal (`@tag(name: "personal")` on an input field or argument) becomes
 * `[redacted]`, whatever its form (a birth date looks like any other date), and everything else
 * goes through `redactVariables`; what the operation does not declare is redacted whole. A variable is personal where the operation uses it (an argument
 * or an input-object literal field marked personal) and where its own type says so (the fields
 * of an input object variable).
 */
export function redactOperationVariables(
  variables: Readonly<Record<string, unknown>>,
  { schema, document, operation, personalInputs }: OperationToRedact,
): Record<string, unknown> {
  const usedAsPersonal = personalVariableUses(schema, document, operation, personalInputs);
  const types = new Map(
    (operation.variableDefinitions ?? []).map((definition) => [
      definition.variable.name.value,
      typeFromAST(schema, definition.type),
    ]),
  );
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (usedAsPersonal.has(name)) return [name, value === null ? null : redacted];
      const type = types.get(name);
      // A variable the operation does not declare reaches nothing: nothing of it is kept.
      return [
        name,
        type && isInputType(type)
          ? redactTyped(value, type, personalInputs)
          : redactEveryValue(value),
      ];
    }),
  );
}

function redactTyped(
  value: unknown,
  type: GraphQLInputType,
  personalInputs: ReadonlySet<string>,
  depth = 0,
): unknown {
  if (depth > 20) return redacted;
  const named = isNonNullType(type) ? type.ofType : type;
  if (isListType(named)) {
    return Array.isArray(value)
      ? value.map((item) => redactTyped(item, named.ofType, personalInputs, depth + 1))
      : redactTyped(value, named.ofType, personalInputs, depth + 1);
  }
  if (
    isInputObjectType(named) &&
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    const fields = named.getFields();
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const field = fields[key];
        if (!field) return [key, redactEveryValue(item, depth + 1)];
        if (personalInputs.has(`${named.name}.${key}`))
          return [key, item === null ? null : redacted];
        return [key, redactTyped(item, field.type, personalInputs, depth + 1)];
      }),
    );
  }
  return redactVariables(value, depth);
}

/** Variables the operation passes to a personal argument or personal input-object field. */
function personalVariableUses(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  personalInputs: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  if (personalInputs.size === 0) return found;
  const typeInfo = new TypeInfo(schema);
  // Fragments spread in the operation are walked too: their variables are the operation's.
  const definitions = [
    operation,
    ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION),
  ];
  const variablesIn = (node: ValueNode) => {
    visit(node, {
      Variable: (variable) => {
        found.add(variable.name.value);
      },
    });
  };
  for (const definition of definitions) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Argument: (argument) => {
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          if (!field || !parent) return;
          if (personalInputs.has(`${parent.name}.${field.name}(${argument.name.value}:)`)) {
            variablesIn(argument.value);
          }
        },
        ObjectField: (objectField) => {
          const parent = getNamedType(typeInfo.getParentInputType());
          if (parent && personalInputs.has(`${parent.name}.${objectField.name.value}`)) {
            variablesIn(objectField.value);
          }
        },
      }),
    );
  }
  return found;
}
