import type { SubgraphTemplateOptions } from '../subgraphTemplate.ts';

/** The names and settings each file of the template is written with. */
export interface TemplateNames {
  /** The subgraph's name: `culture`. */
  name: string;
  /** Its name capitalised, for types: `Culture`. */
  Name: string;
  /** Its name in capitals, for codes and variables: `CULTURE`. */
  NAME: string;
  port: number;
  withDirectory: boolean;
  versions: SubgraphTemplateOptions['versions'];
}

/** The names of the subgraph `options.name`. */
export function templateNames(options: SubgraphTemplateOptions): TemplateNames {
  const { name, port, unitDirectory: withDirectory, versions } = options;
  return {
    name,
    Name: `${name[0]!.toUpperCase()}${name.slice(1)}`,
    NAME: name.toUpperCase(),
    port,
    withDirectory,
    versions,
  };
}
