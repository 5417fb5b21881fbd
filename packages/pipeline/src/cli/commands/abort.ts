import type { CliArgs } from '../args.js';
import { runCanaryRequest } from '../canary-handoff.js';

export const run = (args: CliArgs, signal: AbortSignal, abandon?: AbortSignal) => runCanaryRequest('abort', args, signal, abandon);
