import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * Parses a command's arguments and positionals with Node's `parseArgs`, adding `--help`: a command
 * line it cannot parse goes to `fail` with parseArgs' message, and `--help` prints the usage and
 * exits 0.
 */
export function parseCommandLine<const Options extends NonNullable<ParseArgsConfig['options']>>(
  options: Options,
  usage: string,
  fail: (message: string) => never,
) {
  const config = {
    allowPositionals: true,
    options: { ...options, help: { type: 'boolean', default: false } },
  } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    fail((error as Error).message);
  }
  // The values' type is resolved only where Options is known; help is always among them.
  if ((parsed.values as { help: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}
