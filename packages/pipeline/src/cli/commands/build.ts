import { validateTag } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { imageRef } from '../../planning/names.js';
import { dockerProgressLine } from '../../ports/docker/build-stream.js';
import { DockerEngine } from '../../ports/docker/docker-engine.js';
import type { CliArgs } from '../args.js';
import { loadConfigFor } from '../load-config.js';
import { printLines } from '../print.js';

/** `ferry build`: only the image, as a deploy would build it (for `make scan` before a deploy in CI). */
export async function run(args: CliArgs, signal: AbortSignal): Promise<number> {
  if (args.tag === undefined) throw new ConfigError('--tag is required: the image tag to build, e.g. --tag v1.2.3');
  const tag = validateTag(args.tag, '--tag');
  const config = await loadConfigFor(args);
  const build = config.image.build;
  if (!build) throw new ConfigError(`${config.file} has no image/build section: there is nothing to build; add image: { build: { context: … } }`);
  const ref = imageRef(config, tag);
  const docker = DockerEngine.at(config.engine.build); // images are built where ferry runs; a deploy pushes them to a remote engine
  await docker.ping();
  const { imageId } = await docker.build(
    { context: build.context, dockerfile: build.dockerfile, args: build.args, tag: ref, labels: { 'ferry.app': config.app } },
    (progress) => process.stderr.write(`${dockerProgressLine(progress)}\n`),
    signal,
  );
  printLines([`built ${ref} (${imageId})`]);
  return 0;
}
