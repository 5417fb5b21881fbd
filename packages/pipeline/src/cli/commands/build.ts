import { validateTag } from '../../config/index.js';
import { engineHostText } from '../../config/engine-host.js';
import { displayPath } from '../../config/environment-files.js';
import { ConfigError } from '../../errors.js';
import { pullRelease, pushRelease } from '../../flows/deliver-image.js';
import { createPorts } from '../../flows/ports.js';
import { deliveryProblem, deliversThroughRegistry } from '../../planning/image-delivery.js';
import { imageRef } from '../../planning/names.js';
import { dockerProgressLine } from '../../ports/docker/build-stream.js';
import type { DockerProgressSink } from '../../ports/docker/types.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printLines, printProgress } from '../print.js';

/**
 * `ferry build`: only the image, as a deploy would build it (for `make scan` before a deploy in CI), on the
 * build engine. --push also pushes it to image.registry and, when the environment's engine is another one, pulls it there.
 */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  if (args.tag === undefined) throw new ConfigError('--tag is required: the image tag to build, e.g. --tag v1.2.3');
  const tag = validateTag(args.tag, '--tag');
  const config = await loadConfigFor(args);
  const build = config.image.build;
  if (!build) throw new ConfigError(`${config.file} has no image/build section: there is nothing to build; add image: { build: { context: … } }`);
  if (args.push && !config.image.registry) {
    throw new ConfigError(deliveryProblem(config) ?? `${displayPath(config.file)} image/registry: --push needs a registry to push to; add image: { registry: { url: host:port } }`);
  }
  const ref = imageRef(config, tag);
  const ports = createPorts(config, signal);
  await ports.builder.ping();
  const progress: DockerProgressSink = (event) => printProgress(dockerProgressLine(event));
  const { imageId } = await ports.builder.build(
    { context: build.context, dockerfile: build.dockerfile, args: build.args, tag: ref, labels: { 'ferry.app': config.app } },
    progress,
    signal,
  );
  const lines = [`built ${ref} (${imageId})`];
  if (args.push) {
    const pushed = await pushRelease(ports, config, { tag, imageId }, progress);
    lines.push(`pushed ${pushed.ref}${pushed.digest ? ` (${pushed.digest})` : ''}`);
    if (deliversThroughRegistry(config)) {
      const pulled = await pullRelease(ports, config, { tag, imageId, digest: pushed.digest }, progress);
      lines.push(`pulled ${pulled.ref} on ${engineHostText(config.engine.host)} as ${ref}`);
    }
  }
  printLines(lines);
  return 0;
}
