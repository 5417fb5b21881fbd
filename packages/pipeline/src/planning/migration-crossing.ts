import { changesTraffic, type LedgerEntry } from '../state/ledger.js';

/** Migrations whose schema is still in place and that ran after `version` last served: rolling back crosses them. */
export function migrationsCrossed(ledger: LedgerEntry[], version: string): LedgerEntry[] {
  let lastServed = -1;
  ledger.forEach((entry, index) => {
    if (entry.outcome === 'succeeded' && changesTraffic(entry) && entry.tag === version) lastServed = index;
  });
  return ledger.slice(lastServed + 1).filter((entry) => entry.migrated === true && entry.restored !== true && entry.outcome !== 'noop');
}

/** The warning a rollback across migrations prints, naming the backup that predates the first of them. */
export function describeCrossing(crossed: LedgerEntry[], env: string, from: string, to: string): string {
  const first = crossed[0]!;
  const runs = crossed.map((e) => `${e.tag} (${e.action} ${e.id}, ${e.endedAt})`).join(', ');
  const restore = first.backupId ? ` To put the schema back too, restore the backup taken before it: ferry restore --env ${env} --backup ${first.backupId}.` : '';
  return `rolling back from ${from} to ${to} crosses the database migration(s) of ${runs}: ${to}'s code may not read the new schema.${restore}`;
}

/** Why a rollback across migrations stops without its own flag: approval (--yes) is a different question. */
export function crossingRefusal(warning: string): string {
  return `${warning}\nRefused: crossing a migration needs --allow-schema-crossing (make rollback ALLOW_SCHEMA_CROSSING=1); --yes does not imply it.`;
}
