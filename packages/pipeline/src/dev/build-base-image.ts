// Entry points: `node packages/pipeline/dist/dev/build-base-image.js [tag] [--force]` (host node image) and
// `… build-base-image.js --router [tag] [--force]` (host nginx router image); prints the image id.
import { DockerEngine } from '../ports/docker/docker-engine.js';
import { FerryError } from '../errors.js';
import { buildHostNodeImage, HOST_NODE_IMAGE } from './host-node-image.js';
import { buildHostRouterImage, HOST_ROUTER_IMAGE } from './host-router-image.js';

const args = process.argv.slice(2);
const router = args.includes('--router');
const tag = args.find((arg) => !arg.startsWith('--')) ?? (router ? HOST_ROUTER_IMAGE : HOST_NODE_IMAGE);
const build = router ? buildHostRouterImage : buildHostNodeImage;
const engine = new DockerEngine();
try {
  await engine.ping();
  const id = await build(engine, tag, (line) => process.stderr.write(`${line}\n`), { force: args.includes('--force') });
  process.stdout.write(`${id}\n`);
} catch (err) {
  process.stderr.write(`build-base-image: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof FerryError ? err.exitCode : 1;
}
