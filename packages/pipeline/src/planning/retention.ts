/**
 * Which local tags of the app's image to delete: only tags ferry itself released, never one in use,
 * and never the `retain` most recent releases (they are what a cold rollback starts from).
 */
export function tagsToPrune(input: { localTags: string[]; releasedNewestFirst: string[]; inUse: string[]; retain: number }): string[] {
  const keep = new Set([...input.inUse, ...input.releasedNewestFirst.slice(0, input.retain)]);
  const released = new Set(input.releasedNewestFirst);
  return input.localTags.filter((tag) => released.has(tag) && !keep.has(tag)).sort();
}
