import { loadEnvironment } from '../config/load.js';
import { listEnvironments } from '../config/environment-files.js';
import type { EnvironmentConfig } from '../config/types.js';
import { containerHolds, EVERY_TAG, rollbackTargetHolds, type TagHold } from '../planning/retention.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import { readLedger, releasedTags } from './ledger.js';
import { statePaths } from './paths.js';

/**
 * What pruning must leave alone: the tag of every Ferry-managed container on the engine (any app, any
 * environment, running or stopped), and the rollback targets of the other environments defined next to this one.
 */
export async function gatherImageHolds(config: EnvironmentConfig, docker: DockerEngine): Promise<TagHold[]> {
  const [containers, others] = await Promise.all([docker.listManaged(), otherEnvironmentsTargets(config)]);
  return [...containerHolds(config.image.name, containers), ...others];
}

// A sibling's damaged lines are its own commands' to report; its readable releases still hold their tags.
const ignoreSkipped = (): void => undefined;

/** Each sibling environment file deploying the same image keeps its `retain` newest releases; one that cannot be read holds every tag. */
async function otherEnvironmentsTargets(config: EnvironmentConfig): Promise<TagHold[]> {
  const names = (await listEnvironments(config.dir)).filter((name) => name !== config.name);
  const holds = await Promise.all(
    names.map(async (name): Promise<TagHold[]> => {
      try {
        const other = await loadEnvironment({ environmentsDir: config.dir, env: name });
        if (other.image.name !== config.image.name) return [];
        return rollbackTargetHolds(name, releasedTags(await readLedger(statePaths(other.stateDir).ledger, ignoreSkipped)), other.strategy.retain);
      } catch (error) {
        const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        return [{ tag: EVERY_TAG, reason: `the rollback targets of environment ${name} are unknown (${why})` }];
      }
    }),
  );
  return holds.flat();
}
