import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/**
 * The schema coordinates an operation uses, in graphql-inspector's notation: types (`Unit`),
 * fields (`Unit.name`), arguments (`Query.unit.code`), input fields (`UnitFilter.level`) and enum
 * values (`UnitLevel.PROVINCE`). An input type named by a variable counts with all its fields,
 * recursively: a caller may send any of them. Elements unknown to `schema` are skipped.
 */
export function operationCoordinates(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const useInput = (type: GraphQLInputType, seen = new Set<string>()) => {
    const named = getNamedType(type);
    if (seen.has(named.name)) return;
    seen.add(named.name);
    used.add(named.name);
    if (isInputObjectType(named)) {
      for (const field of Object.values(named.getFields())) {
        used.add(`${named.name}.${field.name}`);
        useInput(field.type, seen);
      }
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || field.name.startsWith('__')) return;
        used.add(parent.name);
        used.add(`${parent.name}.${field.name}`);
        used.add(getNamedType(field.type).name);
      },
      Argument() {
        const argument = typeInfo.getArgument();
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!argument || !parent || !field) return;
        used.add(`${parent.name}.${field.name}.${argument.name}`);
        used.add(getNamedType(argument.type).name);
      },
      ObjectField(node) {
        const input = typeInfo.getParentInputType();
        const named = input && getNamedType(input);
        if (named && isInputObjectType(named)) used.add(`${named.name}.${node.name.value}`);
      },
      EnumValue(node) {
        const input = typeInfo.getInputType();
        const named = input && getNamedType(input);
        if (named && isEnumType(named)) used.add(`${named.name}.${node.value}`);
      },
      InlineFragment(node) {
        if (node.typeCondition) used.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        used.add(node.typeCondition.name.value);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) useInput(type as GraphQLInputType);
      },
    }),
  );
  return used;
}

/**
 * Whether an operation that uses `coordinates` is affected by a change at `path`: it uses the
 * element itself, something inside it (a field of a removed type), the field whose argument
 * changed (a required argument added breaks every call of the field), or, with `wholeType`, the
 * type the changed member belongs to (an enum value removed from a type the operation reads).
 */
export function usesPath(
  coordinates: ReadonlySet<string>,
  path: string,
  options: { wholeType?: boolean } = {},
): boolean {
  if (!path) return false;
  if (coordinates.has(path)) return true;
  const parts = path.split('.');
  if (options.wholeType && coordinates.has(parts[0]!)) return true;
  if (parts.length === 3 && coordinates.has(`${parts[0]}.${parts[1]}`)) return true;
  const prefix = `${path}.`;
  for (const coordinate of coordinates) if (coordinate.startsWith(prefix)) return true;
  return false;
}
