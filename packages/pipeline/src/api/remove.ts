import path from 'node:path';
import type { EnvironmentConfig } from '../config/types.js';
import { UnrecoveredError } from '../errors.js';
import { asServed, createPorts } from '../flows/ports.js';
import { planImagePurge, type RemoveResult } from '../planning/teardown.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import { nearestExisting } from '../ports/router/worker-access.js';
import { confirmByName } from '../steps/approval.js';
import { gatherImageHolds } from '../state/image-holds.js';
import { acquireLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { purgeStateDir, removeEmptyDirsUpTo } from '../state/purge.js';
import { stateHome } from '../config/settle-state-dir.js';
import { defaultStateDir } from '../config/state-dir.js';

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
  const config = await asServed(input.config);
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
        if (result.stateDir.deleted) await removeEmptyDefaultAppDir(config);
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

/** Image tags nothing holds (see gatherImageHolds); the engine refusing one (409) keeps it, with its reason. */
async function purgeImages(config: EnvironmentConfig, docker: DockerEngine): Promise<RemoveResult['images']> {
  // the registry's name for a pushed tag is a second local repository of the same images
  const repoNames = [config.image.name, ...(config.image.registry ? [`${config.image.registry.url}/${config.image.name}`] : [])];
  const repos = await Promise.all(repoNames.map(async (repo) => ({ repo, tags: (await docker.listImageTags(repo)).map((t) => t.tag) })));
  const plan = planImagePurge({ repos, holds: await gatherImageHolds(config, docker) });
  const removed: string[] = [];
  for (const ref of plan.remove) {
    const outcome = await docker.removeImage(ref);
    if (outcome === 'removed') removed.push(ref);
    else if (outcome !== 'absent') plan.keep.push({ ref, reason: `the engine refused to remove it: ${outcome.refused}` });
  }
  return { remove: removed, keep: plan.keep };
}

/** The default layout is <base>/<app>/<env>: purging an app's last environment leaves no empty <app> dir behind. */
async function removeEmptyDefaultAppDir(config: EnvironmentConfig): Promise<void> {
  if (config.stateDir !== defaultStateDir(config.app, config.name, stateHome(process.env))) return;
  await removeEmptyDirsUpTo(path.dirname(config.stateDir), path.dirname(path.dirname(config.stateDir)));
}
