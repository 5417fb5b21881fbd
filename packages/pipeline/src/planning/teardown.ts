import type { FerryContainer, ImageTag } from '../ports/docker/types.js';

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

// A container made from `repo` without a tag runs `repo:latest`.
function withTag(image: string): string {
  return image.lastIndexOf(':') > image.lastIndexOf('/') ? image : `${image}:latest`;
}

/** What other environments (of the same environments dir) released: a cold rollback there starts these. */
export type ReleasedElsewhere = { env: string; refs: string[] }[] | { unknown: string };

/**
 * --purge: every local tag of the environment's image repositories goes, unless a container still on
 * the engine (any app, any environment) runs that tag or the same image under another tag, or another
 * environment released it (its rollback target). When another environment's releases cannot be read,
 * nothing goes.
 */
export function planImagePurge(input: { repos: { repo: string; tags: ImageTag[] }[]; remaining: FerryContainer[]; releasedElsewhere: ReleasedElsewhere }): ImagePurge {
  const purge: ImagePurge = { remove: [], keep: [] };
  const elsewhere = input.releasedElsewhere;
  for (const { repo, tags } of input.repos) {
    for (const { tag, id } of tags) {
      const ref = `${repo}:${tag}`;
      const user = input.remaining.find((c) => withTag(c.image) === ref || c.imageId === id);
      const releasedBy = 'unknown' in elsewhere ? undefined : elsewhere.find((e) => e.refs.includes(ref));
      if (user) {
        const owner = user.app ? ` (${user.app}/${user.env})` : '';
        const how = withTag(user.image) === ref ? '' : `, the same image as ${ref}`;
        purge.keep.push({ ref, reason: `container ${user.name}${owner} uses it${how}` });
      } else if (releasedBy) {
        purge.keep.push({ ref, reason: `environment ${releasedBy.env} released it (a rollback target there)` });
      } else if ('unknown' in elsewhere) {
        purge.keep.push({ ref, reason: elsewhere.unknown });
      } else {
        purge.remove.push(ref);
      }
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
