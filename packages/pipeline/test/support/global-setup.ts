import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { buildHostNodeImage } from '../../src/dev/host-node-image.js';
import { buildHostRouterImage } from '../../src/dev/host-router-image.js';
import { DockerEngine } from '../../src/ports/docker/docker-engine.js';
import { BASE_IMAGE, ROUTER_IMAGE, BROKEN_TAG, DB_IMAGES, DEMO_CONTEXT, E2E_IMAGE, FAULT_IMAGES, GOOD_TAGS } from './images.js';

/** Build the images every end-to-end test deploys, once, from the host's own node (nothing is pulled). */
export default async function setup(): Promise<void> {
  const docker = new Dockerode();
  const engine = new DockerEngine(docker);
  await engine.ping();
  // The demo image copies the app's bundle (dist/): build it even when vitest runs without turbo.
  await promisify(execFile)(process.execPath, [path.join(DEMO_CONTEXT, 'build.mjs')], { timeout: 120_000 });
  await buildHostNodeImage(engine, BASE_IMAGE);
  await buildHostRouterImage(engine, ROUTER_IMAGE);
  const build = (tag: string, args: Record<string, string>) =>
    engine.build({ context: DEMO_CONTEXT, dockerfile: 'Dockerfile', args: { BASE_IMAGE, ...args }, tag: `${E2E_IMAGE}:${tag}` }, () => undefined);
  await build(GOOD_TAGS[0], {});
  for (const tag of GOOD_TAGS.slice(1)) await docker.getImage(`${E2E_IMAGE}:${GOOD_TAGS[0]}`).tag({ repo: E2E_IMAGE, tag });
  await build(BROKEN_TAG, { DEMO_FAULT: 'unhealthy' });
  for (const [tag, args] of Object.entries(DB_IMAGES)) await build(tag, args);
  for (const [tag, fault] of Object.entries(FAULT_IMAGES)) await build(tag, { DEMO_FAULT: fault });
}
