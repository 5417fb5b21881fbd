import type { CliArgs } from '../args.js';
import { runRelease } from '../run-release.js';

export const run = (args: CliArgs, signal: AbortSignal) => runRelease('migrate', args, signal);
