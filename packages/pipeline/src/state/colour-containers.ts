import type { Colour, EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import { SET_ASIDE } from '../planning/names.js';

/** Every replica a colour runs now, from the engine's labels (not those a deploy set aside): what stopping the colour stops. */
export async function colourContainers(docker: Pick<DockerEngine, 'list'>, config: EnvironmentConfig, colour: Colour): Promise<FerryContainer[]> {
  const ofColour = await docker.list({ app: config.app, env: config.name, colour });
  return ofColour.filter((c) => !c.name.includes(SET_ASIDE));
}

/** The ids of `container` and of every other replica of its colour, each once: what stopping that release stops. */
export async function replicaIds(docker: Pick<DockerEngine, 'list'>, config: EnvironmentConfig, container: { id: string; colour: Colour }): Promise<string[]> {
  const replicas = await colourContainers(docker, config, container.colour);
  return [...new Set([container.id, ...replicas.map((c) => c.id)])];
}
