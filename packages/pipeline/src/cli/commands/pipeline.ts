import { ConfigError } from '../../errors.js';
import type { CliArgs } from '../args.js';

/** `ferry pipeline`: the TUI is its own package (it depends on this one, not the other way round). */
export async function run(args: CliArgs): Promise<number> {
  throw new ConfigError(`ferry ${args.command}: not available yet from the ferry CLI; the interactive TUI runs with \`pnpm pipeline\` (--environments DIR). Nothing was changed.`);
}
