import { listEnvironments, loadEnvironment } from '../config/index.js';
import type { EnvironmentConfig } from '../config/types.js';
import { UnrecoveredError } from '../errors.js';
import { createPorts } from '../flows/ports.js';
import { planImagePurge, type ReleasedElsewhere, type RemoveResult } from '../planning/teardown.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import { nearestExisting } from '../ports/router/worker-access.js';
import { confirmByName } from '../steps/approval.js';
import { readLedger, releasedTags } from '../state/ledger.js';
import { acquireLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { purgeStateDir, removeEmptyDirsUpTo } from '../state/purge.js';

export interface RemoveInput {
  config: EnvironmentConfig;
  purge: boolean; // also the state dir and the images no other container uses
  yes: boolean;
  interactive: boolean; // may prompt on this process's TTY
  command: string; // what the lock records as the holder
}

/**
 * `ferry remove`: under the deploy lock and after confirmation, stop the router (gracefully, so
 * in-flight requests finish), then every container of the environment; with purge, its images and
 * state dir. Bad input → ConfigError (2), lock held → LockHeldError (4), stopped midway → exit 3.
 */
export async function removeEnvironment(input: RemoveInput): Promise<RemoveResult> {
  const { config } = input;
  const { docker, router } = createPorts(config);
  await docker.ping();
  const existed = await nearestExisting(config.stateDir);
  const lock = await acquireLock(statePaths(config.stateDir).lockFile, input.command);
  const result: RemoveResult = { env: config.name, purge: input.purge, containers: [], router: { wasRunning: false, deleted: [] }, images: null, stateDir: null };
  try {
    const scope = { app: config.app, env: config.name };
    const containers = [...(await docker.list(scope)), ...(await docker.listOneOffs(scope))];
    result.router.wasRunning = await router.isRunning();
    if (!input.yes) {
      await confirmByName({
        env: config.name,
        what: `Remove ${containers.length} container(s) and the router (${config.router.listen.host}:${config.router.listen.port})${input.purge ? `, the state dir ${config.stateDir} and unused ${config.image.name} images` : ''}`,
        interactive: input.interactive,
        noTerminal: `ferry remove deletes ${config.name}'s containers and router${input.purge ? ', state dir and images' : ''} and there is no terminal to ask on: pass --yes to approve. Nothing was changed.`,
      });
    }
    try {
      result.router.deleted = await router.remove();
      for (const container of containers) {
        await docker.stop(container.id);
        await docker.remove(container.id);
        result.containers.push(container.name);
      }
      if (input.purge) {
        result.images = await purgeImages(config, docker);
        result.stateDir = await purgeStateDir(config.stateDir);
      }
    } catch (error) {
      throw new UnrecoveredError(
        `ferry remove stopped midway: ${(error as Error).message}. Removed so far: ${result.containers.join(', ') || 'no containers'}${result.router.deleted.length ? ', the router' : ''}. Run \`ferry remove --env ${config.name}${input.purge ? ' --purge' : ''} --yes\` again to finish.`,
      );
    }
    return result;
  } finally {
    await lock.release();
    await removeEmptyDirsUpTo(config.stateDir, existed); // the lock made them: leave no trace of an environment that had none
  }
}

// The local repositories an environment's images live in: its name, and the registry's name for a push.
const reposOf = (config: EnvironmentConfig) => [config.image.name, ...(config.image.registry ? [`${config.image.registry.url}/${config.image.name}`] : [])];

/** Image tags no container left on the engine uses and no other environment released; the engine refusing one (409) keeps it, with why. */
async function purgeImages(config: EnvironmentConfig, docker: DockerEngine): Promise<RemoveResult['images']> {
  const repos = await Promise.all(reposOf(config).map(async (repo) => ({ repo, tags: await docker.listImageTags(repo) })));
  const plan = planImagePurge({ repos, remaining: await docker.listAll(), releasedElsewhere: await releasedElsewhere(config) });
  const removed: string[] = [];
  for (const ref of plan.remove) {
    if (await docker.removeImage(ref)) removed.push(ref);
    else if (await docker.imageId(ref)) plan.keep.push({ ref, reason: 'the engine refused to remove it (in use)' });
  }
  return { remove: removed, keep: plan.keep };
}

/** The image refs every other environment beside this one released; unknown when one of their files cannot be read. */
async function releasedElsewhere(config: EnvironmentConfig): Promise<ReleasedElsewhere> {
  const released: { env: string; refs: string[] }[] = [];
  for (const name of await listEnvironments(config.dir)) {
    if (name === config.name) continue;
    let other: EnvironmentConfig;
    try {
      other = await loadEnvironment({ environmentsDir: config.dir, env: name, processEnv: process.env });
    } catch (error) {
      return { unknown: `environment ${name} (${config.dir}) could not be loaded, so its rollback targets are unknown: ${(error as Error).message.split('\n')[0]}` };
    }
    const tags = releasedTags(await readLedger(statePaths(other.stateDir).ledger));
    released.push({ env: name, refs: reposOf(other).flatMap((repo) => tags.map((tag) => `${repo}:${tag}`)) });
  }
  return released;
}
