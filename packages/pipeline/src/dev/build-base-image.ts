// Entry point: `node packages/pipeline/dist/dev/build-base-image.js [tag] [--force]`; prints the image id.
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { FerryError } from '../errors.js';
import { buildHostNodeImage, HOST_NODE_IMAGE } from './host-node-image.js';

const args = process.argv.slice(2);
const tag = args.find((arg) => !arg.startsWith('--')) ?? HOST_NODE_IMAGE;
const engine = new DockerEngine();
try {
  await engine.ping();
  const id = await buildHostNodeImage(engine, tag, (line) => process.stderr.write(`${line}\n`), {
    force: args.includes('--force'),
  });
  process.stdout.write(`${id}\n`);
} catch (err) {
  process.stderr.write(`build-base-image: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof FerryError ? err.exitCode : 1;
}
