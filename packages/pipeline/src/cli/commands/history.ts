import { readLedger } from '../../state/ledger.js';
import { statePaths } from '../../state/paths.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printJson, printLines } from '../print.js';

export async function run(args: CliArgs): Promise<number> {
  const config = await loadConfigFor(args);
  const entries = await readLedger(statePaths(config.stateDir).ledger);
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
