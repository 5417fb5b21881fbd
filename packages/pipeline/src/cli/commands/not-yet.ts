import { ConfigError } from '../../errors.js';
import type { CliArgs } from '../args.js';

// Commands whose capability lands with a later issue say so honestly instead of pretending.
const LATER: Record<string, string> = {
  validate: 'the deployment verification suite',
  pipeline: 'the interactive pipeline TUI',
};

export async function run(args: CliArgs): Promise<number> {
  const what = LATER[args.command ?? ''] ?? 'this command';
  throw new ConfigError(`ferry ${args.command}: not available yet (${what} is not built). Nothing was changed.`);
}
