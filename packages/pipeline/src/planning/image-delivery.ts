import { displayPath } from '../config/environment-files.js';
import { ConfigError } from '../errors.js';
import { engineHostText, sameEngine } from '../config/engine-host.js';
import type { EnvironmentConfig } from '../config/types.js';

// How a release's image reaches the environment's engine. Kamal's model: build where ferry runs,
// push to the registry, and the environment's engine pulls exactly what was pushed.

/** The image is built (or found) on another engine than the one the containers run on. */
export function deliversThroughRegistry(config: EnvironmentConfig): boolean {
  return !sameEngine(config.engine.host, config.engine.build);
}

/** The registry's name for the release (what is pushed) and what the environment's engine pulls: the pushed digest when known. */
export function registryRefs(config: EnvironmentConfig, tag: string, digest: string | null = null): { pushed: string; pull: string } {
  const repository = `${config.image.registry!.url}/${config.image.name}`;
  const pushed = `${repository}:${tag}`;
  return { pushed, pull: digest ? `${repository}@${digest}` : pushed };
}

/** Bad input when the image has no way to reach the environment's engine; null when it has. */
export function deliveryProblem(config: EnvironmentConfig): string | null {
  if (!deliversThroughRegistry(config) || config.image.registry) return null;
  const engine = engineHostText(config.engine.host);
  const builder = engineHostText(config.engine.build);
  return (
    `${displayPath(config.file)} image/registry: required when the environment's engine (${engine}, from ${config.engine.source}) is not the build engine (${builder}): ` +
    `images are built there, pushed to image.registry and pulled by ${engine}. Add image: { registry: { url: host:port } } (a registry both engines reach), ` +
    `or build on that engine with DOCKER_HOST=${engine}`
  );
}

/** Stops a command before anything changes when the image cannot reach the environment's engine. */
export function assertDeliverable(config: EnvironmentConfig): void {
  const problem = deliveryProblem(config);
  if (problem) throw new ConfigError(problem);
}
