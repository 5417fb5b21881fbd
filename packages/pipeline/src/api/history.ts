import type { EnvironmentConfig } from '../config/types.js';
import { readLedger, type LedgerEntry } from '../state/ledger.js';
import { statePaths } from '../state/paths.js';

/** The environment's release ledger, oldest first; lines that are not records are skipped and told to `onSkipped`. */
export function readHistory(config: EnvironmentConfig, onSkipped: (warning: string) => void = () => undefined): Promise<LedgerEntry[]> {
  return readLedger(statePaths(config.stateDir).ledger, onSkipped);
}
