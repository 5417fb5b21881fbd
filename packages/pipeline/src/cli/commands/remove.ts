import { removeEnvironment } from '../../api/remove.js';
import { describeRemoval } from '../../planning/teardown.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** Tear an environment down: containers and router; --purge also its state dir and unused images. */
export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const result = await removeEnvironment({
    config,
    purge: args.purge,
    yes: args.yes,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    command: ['ferry', ...process.argv.slice(2)].join(' '),
  });
  if (args.json) printJson(result);
  else printLines(describeRemoval(result));
  return 0;
}
