import type { EnvironmentConfig } from '../config/types.js';
import type { ImageTag } from '../ports/docker/types.js';
import { releasedTags, type LedgerEntry } from '../state/ledger.js';
import { containerOf, otherColour, routedColour, type Truth } from '../state/truth.js';

export interface VersionChoice {
  tag: string;
  active: boolean;
  rollback: 'warm' | 'cold' | 'gone' | null; // null for the active tag; gone: its image was pruned
  deployedAt: string | null; // when it last went live, from the history
  imageLocal: boolean;
}

/** Every version a person might pick: released ones (newest first) then other local tags, with how a rollback to each would run. */
export function versionChoices(config: EnvironmentConfig, truth: Truth, ledger: LedgerEntry[], images: ImageTag[]): VersionChoice[] {
  const live = routedColour(truth);
  const active = live ? containerOf(truth, live) : undefined;
  const standby = live ? containerOf(truth, otherColour(live)) : undefined;
  const local = new Set(images.map((i) => i.tag));
  const lastLive = new Map<string, string>();
  for (const entry of ledger) if (entry.outcome === 'succeeded') lastLive.set(entry.tag, entry.endedAt);
  const tags = [...new Set([...(active ? [active.version] : []), ...releasedTags(ledger), ...images.map((i) => i.tag)])];
  return tags.map((tag) => {
    const isActive = active?.version === tag;
    const warm = standby?.version === tag && standby.state === 'running';
    return {
      tag,
      active: isActive,
      rollback: isActive ? null : warm ? 'warm' : local.has(tag) ? 'cold' : 'gone',
      deployedAt: lastLive.get(tag) ?? null,
      imageLocal: local.has(tag),
    };
  });
}
