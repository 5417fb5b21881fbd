import { createInterface } from 'node:readline/promises';
import { ConfigError } from '../errors.js';
import type { FlowContext } from '../flows/context.js';

/** `approval: required`: a person types the environment's name, or CI passes --yes. Runs outside the renderer. */
export async function approve(ctx: FlowContext, what: string, always = false): Promise<void> {
  if ((ctx.config.approval !== 'required' && !always) || ctx.options.yes || ctx.options.dryRun) return;
  const env = ctx.config.name;
  await confirmByName({
    env,
    what,
    interactive: ctx.options.interactive,
    noTerminal: `${env} ${always ? 'needs approval for this' : `has approval: required (${ctx.config.file})`} and there is no terminal to ask on: pass --yes to approve ${what}.`,
  });
}

/** A person types the environment's name on the terminal; without one, `noTerminal` says to pass --yes (exit 2). */
export async function confirmByName(input: { env: string; what: string; interactive: boolean; noTerminal: string }): Promise<void> {
  const { env, what } = input;
  if (!input.interactive) throw new ConfigError(input.noTerminal);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${what} on ${env}. Type "${env}" to approve: `);
    if (answer.trim() !== env) throw new ConfigError(`approval declined for ${env}: "${answer.trim()}" is not "${env}". Nothing was changed.`);
  } finally {
    rl.close();
  }
}
