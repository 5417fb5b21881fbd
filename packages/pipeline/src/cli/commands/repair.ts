import { repairRouter } from '../../api/repair.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

/** `ferry repair --env E`: rewrite the router's config from what serves, confirmed by probe. */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  const config = await loadConfigFor(args);
  const result = await repairRouter(config, ['ferry', ...process.argv.slice(2)].join(' '), signal);
  if (args.json) {
    printJson(result);
    return 0;
  }
  printLines([
    `${config.name}: router config rewritten by Ferry for ${result.why}; confirmed by probe through the router`,
    ...(result.found.length > 0 ? result.found.map((found) => `  was: ${found}`) : ['  was: already as Ferry wrote it (rewritten anyway)']),
  ]);
  return 0;
}
