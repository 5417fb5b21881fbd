import path from 'node:path';

// Everything ferry keeps for one environment lives under its state dir.
export function statePaths(stateDir: string) {
  return {
    lockFile: path.join(stateDir, 'deploy.lock'),
    ledger: path.join(stateDir, 'history.jsonl'),
    releasesDir: path.join(stateDir, 'releases'),
    reportsDir: path.join(stateDir, 'reports'),
    backupsDir: path.join(stateDir, 'backups'), // database dumps, 0600
    canaryControl: path.join(stateDir, 'canary-control'), // `ferry promote|abort` asking the running canary (state/canary-control.ts)
    canaryPosition: path.join(stateDir, 'canary-step.json'), // the running canary's step, for `ferry status` (state/canary-position.ts)
  };
}
