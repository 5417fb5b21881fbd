#!/usr/bin/env node
// The CLI's entry: stays tiny so `ferry --version` starts fast; each command is imported only when run.
// Built into dist/bundle/ (dist/dev/bundle-cli.js); dist/cli.js, the `ferry` bin, starts that bundle.
import { createRequire } from 'node:module';
import { parseCliArgs } from './cli/args.js';
import { HELP } from './cli/help.js';
import { ExitCode, FerryError } from './errors.js';

// After a second signal the command has this long to record the abandoned run and release the lock; a third exits at once.
const ABANDON_GRACE_MS = 5_000;

const COMMANDS: Record<string, () => Promise<{ run: (args: ReturnType<typeof parseCliArgs>, signal: AbortSignal, abandon: AbortSignal) => Promise<number> }>> = {
  build: () => import('./cli/commands/build.js'),
  deploy: () => import('./cli/commands/deploy.js'),
  rollback: () => import('./cli/commands/rollback.js'),
  promote: () => import('./cli/commands/promote.js'),
  abort: () => import('./cli/commands/abort.js'),
  status: () => import('./cli/commands/status.js'),
  history: () => import('./cli/commands/history.js'),
  logs: () => import('./cli/commands/logs.js'),
  unlock: () => import('./cli/commands/unlock.js'),
  remove: () => import('./cli/commands/remove.js'),
  config: () => import('./cli/commands/config-check.js'),
  router: () => import('./cli/commands/router.js'),
  repair: () => import('./cli/commands/repair.js'),
  validate: () => import('./cli/commands/validate.js'),
  migrate: () => import('./cli/commands/migrate.js'),
  scan: () => import('./cli/commands/scan.js'),
  loadtest: () => import('./cli/commands/loadtest.js'),
  report: () => import('./cli/commands/report.js'),
  backups: () => import('./cli/commands/backups.js'),
  restore: () => import('./cli/commands/restore.js'),
  pipeline: () => import('./cli/commands/pipeline.js'),
};

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.version) {
    process.stdout.write(`${createRequire(import.meta.url)('../package.json').version}\n`);
    return ExitCode.ok;
  }
  if (args.help || !args.command) {
    process.stdout.write(HELP);
    return args.command || args.help ? ExitCode.ok : ExitCode.badInput;
  }
  const load = COMMANDS[args.command];
  if (!load) throw new FerryError(`unknown command "${args.command}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run \`ferry --help\`.`, ExitCode.badInput);
  const controller = new AbortController(); // the first signal: cancel, undo what changed
  const abandon = new AbortController(); // the second: stop undoing; the command records the run as abandoned and exits
  let interrupts = 0;
  const onSignal = (name: string) => {
    interrupts += 1;
    if (interrupts > 2) process.exit(ExitCode.failedUnrecovered);
    if (interrupts > 1) {
      process.stderr.write(`\n${name} again: abandoning the recovery; recording it in the history, then exiting. Run \`ferry status\` to see what serves.\n`);
      abandon.abort(new Error(`a second ${name}`));
      // the record and the lock take milliseconds; a command that cannot reach them still ends
      setTimeout(() => process.exit(ExitCode.failedUnrecovered), ABANDON_GRACE_MS).unref();
      return;
    }
    process.stderr.write(`\n${name}: cancelling; undoing what this command changed (press again to abandon)\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const command = await load();
  return command.run(args, controller.signal, abandon.signal);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    const code = error instanceof FerryError ? error.exitCode : ExitCode.failedRecovered;
    // Masked with the secrets of the environment the command loaded (none before it loaded one).
    const { activeRedactor } = await import('./config/masked-values.js');
    process.stderr.write(`ferry: ${activeRedactor().redact(error instanceof Error ? error.message : String(error))}\n`);
    process.exit(code);
  },
);
