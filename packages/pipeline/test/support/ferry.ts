import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './images.js';

export const CLI = path.join(REPO_ROOT, 'packages/pipeline/dist/cli.js');

export interface FerryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start the built CLI as a real process (no TTY), with its own environment. */
export function spawnFerry(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): { child: ChildProcess; done: Promise<FerryRun> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<FerryRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function ferry(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<FerryRun> {
  return spawnFerry(args, env, cwd).done;
}

/** What a run printed, for an assertion's message: a run that ends with an unexpected code says why. */
export const said = (run: FerryRun): string => `exit ${run.code}\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout}`;

/** Runs the CLI and expects `code` (default 0), failing with what it printed otherwise. */
export async function ferryExpecting(args: string[], code = 0, env: NodeJS.ProcessEnv = {}): Promise<FerryRun> {
  const run = await ferry(args, env);
  if (run.code !== code) throw new Error(`ferry ${args.join(' ')}: expected exit ${code}, got ${said(run)}`);
  return run;
}
