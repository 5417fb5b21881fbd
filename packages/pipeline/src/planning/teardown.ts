import { holdReason, type TagHold } from './retention.js';

export interface ImagePurge {
  remove: string[]; // image refs (repo:tag)
  keep: { ref: string; reason: string }[];
}

/** What `ferry remove` did, for the JSON document and the lines it prints. */
export interface RemoveResult {
  env: string;
  purge: boolean;
  containers: string[]; // names of the containers stopped and removed
  router: { wasRunning: boolean; deleted: string[] };
  images: ImagePurge | null; // only with --purge
  stateDir: { path: string; deleted: boolean; kept: string[] } | null; // only with --purge
}

/**
 * --purge: every local tag of the environment's image repositories goes unless something holds it
 * (a Ferry container anywhere on the engine, another environment's rollback target: see image-holds).
 */
export function planImagePurge(input: { repos: { repo: string; tags: string[] }[]; holds: TagHold[] }): ImagePurge {
  const purge: ImagePurge = { remove: [], keep: [] };
  for (const { repo, tags } of input.repos) {
    for (const tag of tags) {
      const reason = holdReason(tag, input.holds);
      if (reason) purge.keep.push({ ref: `${repo}:${tag}`, reason });
      else purge.remove.push(`${repo}:${tag}`);
    }
  }
  return purge;
}

/** The lines `ferry remove` prints: what went, and what stayed and why. */
export function describeRemoval(result: RemoveResult): string[] {
  const lines = [`removed ${result.env}${result.purge ? ' (purge)' : ''}:`];
  lines.push(`  containers: ${result.containers.length ? `${result.containers.join(', ')} (${result.containers.length}, stopped and removed)` : 'none'}`);
  const files = result.router.deleted.length ? `deleted ${result.router.deleted.join(', ')}` : 'no files';
  lines.push(`  router: ${result.router.wasRunning ? 'nginx stopped gracefully' : 'nginx was not running'}; ${files}`);
  if (result.images) {
    lines.push(`  images: ${result.images.remove.length ? `removed ${result.images.remove.join(', ')}` : 'none removed'}`);
    for (const { ref, reason } of result.images.keep) lines.push(`    kept ${ref}: ${reason}`);
  }
  if (result.stateDir) {
    const { path, deleted, kept } = result.stateDir;
    lines.push(`  state dir: ${deleted ? `deleted ${path}` : `emptied of Ferry's files; kept ${path}, which also holds ${kept.join(', ')}`}`);
  }
  return lines;
}
