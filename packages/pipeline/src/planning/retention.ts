/**
 * Which local tags of the app's image to delete: only tags ferry itself released, never one in use,
 * and never the `retain` most recent releases (they are what a cold rollback starts from).
 */
export function tagsToPrune(input: { localTags: string[]; releasedNewestFirst: string[]; inUse: string[]; retain: number }): string[] {
  const released = [...new Set(input.releasedNewestFirst)]; // a rollback re-releases a tag: count it once
  const keep = new Set([...input.inUse, ...released.slice(0, input.retain)]);
  return input.localTags.filter((tag) => released.includes(tag) && !keep.has(tag)).sort();
}
