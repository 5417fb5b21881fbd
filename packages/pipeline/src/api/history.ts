import type { EnvironmentConfig } from '../config/types.js';
import { readLedger, type LedgerEntry } from '../state/ledger.js';
import { statePaths } from '../state/paths.js';

/** The environment's release ledger, oldest first. */
export function readHistory(config: EnvironmentConfig): Promise<LedgerEntry[]> {
  return readLedger(statePaths(config.stateDir).ledger);
}
