import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.js';

export interface CliArgs {
  command: string | undefined;
  subcommand: string | undefined;
  environments: string;
  env?: string;
  tag?: string;
  to?: string;
  id?: string;
  backup?: string;
  strategy?: string;
  scenario?: string;
  replica?: string; // ferry logs: one replica of the active colour (1-based)
  dryRun: boolean;
  yes: boolean;
  force: boolean;
  noSwitch: boolean;
  preview: boolean;
  allowSchemaCrossing: boolean;
  purge: boolean;
  push: boolean;
  json: boolean;
  plain: boolean;
  follow: boolean;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  environments: { type: 'string' },
  env: { type: 'string' },
  tag: { type: 'string' },
  to: { type: 'string' },
  id: { type: 'string' },
  backup: { type: 'string' },
  strategy: { type: 'string' },
  scenario: { type: 'string' },
  replica: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  'no-switch': { type: 'boolean' },
  preview: { type: 'boolean' },
  'allow-schema-crossing': { type: 'boolean' },
  purge: { type: 'boolean' },
  push: { type: 'boolean' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  follow: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}. Run \`ferry --help\` for the flags.`);
  }
  const { values, positionals } = parsed;
  const [command, subcommand, ...extra] = positionals;
  // `ferry config check`, `ferry router takeover`: the only commands with a second word
  const takesSubcommand = command === 'config' || command === 'router';
  if (extra.length > 0 || (subcommand && !takesSubcommand)) {
    throw new ConfigError(`unexpected argument "${subcommand && !takesSubcommand ? subcommand : extra[0]}". Flags take the form --flag value; run \`ferry --help\`.`);
  }
  return {
    command,
    subcommand,
    environments: values.environments ?? 'environments',
    env: values.env,
    tag: values.tag,
    to: values.to,
    id: values.id,
    backup: values.backup,
    strategy: values.strategy,
    scenario: values.scenario,
    replica: values.replica,
    dryRun: values['dry-run'] ?? false,
    yes: values.yes ?? false,
    force: values.force ?? false,
    noSwitch: values['no-switch'] ?? false,
    preview: values.preview ?? false,
    allowSchemaCrossing: values['allow-schema-crossing'] ?? false,
    purge: values.purge ?? false,
    push: values.push ?? false,
    json: values.json ?? false,
    plain: values.plain ?? false,
    follow: values.follow ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
