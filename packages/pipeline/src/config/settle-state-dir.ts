import os from 'node:os';
import { assertTrustedStateDir } from '../state/trust.js';
import { moveLegacyState } from '../state/move-legacy.js';
import type { Issue } from './issues.js';
import { defaultStateDir, gitWorkTreeOf, legacyStateDir, type StateHome } from './state-dir.js';
import type { EnvironmentConfig } from './types.js';

export function stateHome(processEnv: NodeJS.ProcessEnv): StateHome {
  return { isRoot: process.geteuid?.() === 0, home: processEnv['HOME'] || os.homedir(), xdgStateHome: processEnv['XDG_STATE_HOME'] };
}

/** Refused: a state dir inside a git work tree, unless state_dir_in_checkout: true says so explicitly. */
export async function stateDirIssues(config: EnvironmentConfig, defaultDir: string): Promise<Issue[]> {
  const tree = await gitWorkTreeOf(config.stateDir);
  if (!tree || config.stateDirInCheckout) return [];
  return [
    {
      path: ['state_dir'],
      message: `${config.stateDir} is inside the git work tree ${tree}; a CI checkout cleans ignored files there, deleting the ledger, the lock, the router config and the database backups`,
      hint: config.stateDir === defaultDir ? `set state_dir to a directory outside ${tree}` : `remove state_dir to use ${defaultDir}, or choose another directory outside ${tree}; to keep it there anyway add state_dir_in_checkout: true`,
    },
  ];
}

/** After validation: the state dir must be trustworthy; state at the old default moves here once. */
export async function settleStateDir(config: EnvironmentConfig, defaulted: boolean): Promise<void> {
  await assertTrustedStateDir(config.stateDir);
  if (defaulted) await moveLegacyState(legacyStateDir(config.dir, config.name), config.stateDir, (line) => process.stderr.write(`${line}\n`));
}

