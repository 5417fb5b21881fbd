import { registryAuth } from '../config/index.js';
import { engineHostText } from '../config/engine-host.js';
import type { EnvironmentConfig } from '../config/types.js';
import { FerryError } from '../errors.js';
import { registryRefs } from '../planning/image-delivery.js';
import { imageRef } from '../planning/names.js';
import type { DockerProgressSink, RegistryAuth } from '../ports/docker/types.js';
import type { FlowPorts } from './context.js';

// The two halves of getting a release's image to the environment's engine, shared by the deploy's
// push and pull steps and `ferry build --push`.

/** Tags the pinned image (not whatever the tag names now) with the registry's name and pushes it from the build engine. */
export async function pushRelease(
  ports: Pick<FlowPorts, 'builder'>,
  config: EnvironmentConfig,
  release: { tag: string; imageId: string | null },
  onProgress: DockerProgressSink,
): Promise<{ ref: string; digest: string | null }> {
  const { pushed } = registryRefs(config, release.tag);
  await ports.builder.tag(release.imageId ?? imageRef(config, release.tag), pushed);
  const { digest } = await ports.builder.push(pushed, registryAuth(config, process.env), onProgress);
  return { ref: pushed, digest };
}

/**
 * The environment's engine pulls what was pushed (by digest when known) and names it as the build
 * engine does, so the ferry.image label, a cold rollback and image retention find it by tag there.
 */
export async function pullRelease(
  ports: Pick<FlowPorts, 'docker'>,
  config: EnvironmentConfig,
  release: { tag: string; imageId: string | null; digest: string | null },
  onProgress: DockerProgressSink,
): Promise<{ ref: string; imageId: string }> {
  const { pull } = registryRefs(config, release.tag, release.digest);
  const pulled = await ports.docker.pull(pull, registryAuth(config, process.env), onProgress);
  if (release.imageId && pulled !== release.imageId) {
    throw new FerryError(`${engineHostText(config.engine.host)} pulled ${pull} as ${pulled}, not the pinned ${release.imageId}: the registry holds another image under that name; push again`);
  }
  await ports.docker.tag(pulled, imageRef(config, release.tag));
  return { ref: pull, imageId: pulled };
}

/** The registry's credentials for router/image when it lives in image/registry (a private registry); else an anonymous pull. */
export function routerImageAuth(config: EnvironmentConfig): RegistryAuth | undefined {
  const registry = config.image.registry;
  return registry && config.router.image.startsWith(`${registry.url}/`) ? registryAuth(config, process.env) : undefined;
}
