import type { TemplateNames } from './templateNames.ts';

/** The template of `src/offices/offices.graphql`. */
function srcOfficesOfficesGraphql({ name, Name, NAME }: TemplateNames): string {
  return `"""
An office of the ${name} ministry, seated in an administrative unit.
"""
type ${Name}Office @key(fields: "code") @cacheControl(maxAge: 3600) {
  "Stable code of the office, e.g. \`${NAME}-40\`."
  code: ID!
  "Name of the office."
  name: String!
  """
  The unit the office is seated in, served by the units subgraph. Null, with an error at its
  path, when the units subgraph cannot answer: the rest of the office is unaffected.
  """
  unit: AdministrativeUnit
  "Day the office opened."
  openedOn: Date!
  "Full name of the head of the office (personal data: needs \`read:personal:${name}\`)."
  headName: String
    @requiresScopes(scopes: [["read:personal:${name}"]])
    @tag(name: "personal")
    @cacheControl(scope: PRIVATE)
  "Whether the record is demo data made up by the generator."
  synthetic: Boolean!
}

type AdministrativeUnit @key(fields: "code") {
  "Official statistics-office code, e.g. \`40\` (Nghệ An), \`16681\` (a commune of Nghệ An)."
  code: ID!
  """
  Offices of the ${name} ministry seated in this unit, by code. Null, with an error at its path,
  when the ${name} subgraph cannot answer: the rest of the unit is unaffected.
  """
  ${name}Offices: [${Name}Office!] @cacheControl(maxAge: 3600)
}

"""
A page of ${name} offices.
"""
type ${Name}OfficeConnection @cacheControl(maxAge: 3600) {
  "The offices of this page with their cursors."
  edges: [${Name}OfficeEdge!]!
  "The offices of this page."
  nodes: [${Name}Office!]!
  "Where this page stands in the list."
  pageInfo: PageInfo!
  "How many offices the whole list has."
  totalCount: Int!
}

"""
One office of a page, with its cursor.
"""
type ${Name}OfficeEdge @cacheControl(maxAge: 3600) {
  "Opaque cursor; pass it as \`after\` to continue after this office."
  cursor: String!
  "The office."
  node: ${Name}Office!
}

# The offices are public: anyone may read them, except the personal fields.
type Query {
  "One office by its code; null when there is none."
  ${name}Office(code: ID!): ${Name}Office @tag(name: "public")
  "Offices in code order, optionally only those seated in one unit."
  ${name}Offices(
    "Official code of a unit (2, 3 or 5 digits)."
    unitCode: ID
    "Page size, at most 5000."
    first: Int = 100
    "Cursor of the last office of the previous page."
    after: String
  ): ${Name}OfficeConnection! @tag(name: "public")
}
`;
}

/** The offices feature's SDL (the federation header, `Date` and `PageInfo` come from defineSubgraph). */
export function sdlFiles(names: TemplateNames): Record<string, string> {
  return {
    'src/offices/offices.graphql': srcOfficesOfficesGraphql(names),
  };
}
