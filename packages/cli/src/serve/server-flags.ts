import { Flags } from '@oclif/core';

/** Flags shared by `pointer up` and `pointer server`; they override the file and env. */
export const serverFlags = {
  config: Flags.string({ char: 'c', description: 'Config file (YAML or JSON). Default: ./pointer.yaml if present, or $POINTER_CONFIG.' }),
  'data-dir': Flags.string({ description: 'Data directory (env POINTER_DATA_DIR; default ./data).' }),
  'dry-run': Flags.boolean({ description: 'Validate the configuration, print the effective plan and exit.' }),
  'log-level': Flags.string({ description: 'Log level.', options: ['debug', 'info', 'warn', 'error'] }),
  'log-format': Flags.string({ description: 'Log format.', options: ['text', 'json'] }),
};

export interface ServerFlagValues {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  'dry-run'?: boolean | undefined;
  'log-level'?: string | undefined;
  'log-format'?: string | undefined;
}

export function flagsToOverrides(flags: ServerFlagValues, roles?: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (flags['data-dir'] !== undefined) o['dataDir'] = flags['data-dir'];
  const log: Record<string, unknown> = {};
  if (flags['log-level'] !== undefined) log['level'] = flags['log-level'];
  if (flags['log-format'] !== undefined) log['format'] = flags['log-format'];
  if (Object.keys(log).length) o['log'] = log;
  if (roles) o['server'] = { roles };
  return o;
}
