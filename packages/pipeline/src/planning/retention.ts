/** Something still needs a local tag: a container using it, or another environment's rollback target. */
export interface TagHold {
  tag: string;
  reason: string; // e.g. "in use by container shop-production-blue (running) of environment production"
}

export interface RetentionPlan {
  prune: string[];
  kept: TagHold[]; // tags past `retain` that were not pruned, and why (reasons joined when several)
}

/**
 * Which local tags of the app's image to delete: only tags this environment released, never the `retain`
 * most recent of them (its cold rollback targets), and never a tag something else holds (see TagHold).
 */
export function planRetention(input: { localTags: string[]; releasedNewestFirst: string[]; retain: number; holds: TagHold[] }): RetentionPlan {
  const released = [...new Set(input.releasedNewestFirst)]; // a rollback re-releases a tag: count it once
  const retained = new Set(released.slice(0, input.retain));
  const candidates = [...new Set(input.localTags)].filter((tag) => released.includes(tag) && !retained.has(tag)).sort();
  const kept: TagHold[] = [];
  const prune: string[] = [];
  for (const tag of candidates) {
    const reason = holdReason(tag, input.holds);
    if (reason) kept.push({ tag, reason });
    else prune.push(tag);
  }
  return { prune, kept };
}

/** Why `tag` must stay (every hold on it, joined), or null when nothing holds it. */
export function holdReason(tag: string, holds: TagHold[]): string | null {
  const reasons = [...new Set(holds.filter((hold) => hold.tag === tag || hold.tag === EVERY_TAG).map((hold) => hold.reason))];
  return reasons.length ? reasons.join('; ') : null;
}

/** A hold on every tag: what another environment needs is unknown, so nothing it might need is pruned. */
export const EVERY_TAG = '*'; // never a valid Docker tag, so it cannot clash with a real one

/** Every Ferry-managed container (any app, any environment, running or stopped) holds the tag of `imageName` it was created from. */
export function containerHolds(imageName: string, containers: { name: string; app: string; env: string; state: string; image: string }[]): TagHold[] {
  const prefix = `${imageName}:`;
  return containers
    .filter((c) => c.image.startsWith(prefix))
    .map((c) => ({ tag: c.image.slice(prefix.length), reason: `in use by container ${c.name} (${c.state}) of app ${c.app}, environment ${c.env}` }));
}

/** Another environment keeps its `retain` newest releases for a cold rollback: they are its rollback targets. */
export function rollbackTargetHolds(env: string, releasedNewestFirst: string[], retain: number): TagHold[] {
  return [...new Set(releasedNewestFirst)]
    .slice(0, retain)
    .map((tag) => ({ tag, reason: `a rollback target of environment ${env} (one of its ${retain} newest releases)` }));
}

/** The cleanup's words: only what was really removed, and why each other tag past `retain` was kept. */
export function describePruning(removed: string[], kept: TagHold[]): string[] {
  return [...(removed.length ? [`removed old images: ${removed.join(', ')}`] : []), ...kept.map((k) => `kept ${k.tag}: ${k.reason}`)];
}
