import type { CliArgs } from '../args.js';
import { askRunningCanary } from '../canary-handoff.js';
import { runRelease } from '../run-release.js';

// a canary deploy in progress takes the request; otherwise abort what is staged (or a canary left by a crash)
export const run = async (args: CliArgs, signal: AbortSignal, abandon?: AbortSignal) => (await askRunningCanary(args, 'abort')) ?? runRelease('abort', args, signal, abandon);
