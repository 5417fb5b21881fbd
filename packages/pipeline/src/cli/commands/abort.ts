import type { CliArgs } from '../args.js';
import { runRelease } from '../run-release.js';

export const run = (args: CliArgs, signal: AbortSignal, abandon?: AbortSignal) => runRelease('abort', args, signal, abandon);
