import { readLedger } from '../../state/ledger.js';
import { statePaths } from '../../state/paths.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines, printProgress } from '../print.js';

export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  // stderr: stdout stays the one JSON document (or the table) of the records that were read
  const entries = await readLedger(statePaths(config.stateDir).ledger, (warning) => printProgress(`warning: ${warning}`));
  if (args.json) {
    printJson(entries);
    return 0;
  }
  if (entries.length === 0) {
    printLines([`${config.name}: no releases yet`]);
    return 0;
  }
  printLines(
    entries.map((e) =>
      [e.endedAt, e.id, e.action.padEnd(8), e.tag.padEnd(12), `${e.fromColour ?? '-'}→${e.toColour ?? '-'}`, e.outcome, e.reason ? `: ${e.reason.split('\n')[0]}` : ''].join('  '),
    ),
  );
  return 0;
}
