// temporary: a second engine with v1, v2 deployed, kept until /tmp/remote/stop exists
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { E2E_IMAGE, ROUTER_IMAGE } from '../test/support/images.js';
import { startSecondEngine } from '../test/support/second-engine.js';
const engine = await startSecondEngine();
try {
  await new Promise<void>((resolve, reject) => {
    const save = spawn('docker', ['save', `${E2E_IMAGE}:v1`, `${E2E_IMAGE}:v2`, ROUTER_IMAGE], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('docker', ['-H', engine.url, 'load', '-q'], { stdio: ['pipe', 'ignore', 'inherit'] });
    save.stdout.pipe(load.stdin);
    load.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`load ${code}`))));
  });
  await mkdir('/tmp/remote/environments', { recursive: true });
  await writeFile('/tmp/remote/environments/test.yaml', `app: remapp
image:
  name: ${E2E_IMAGE}
container:
  port: 3000
health:
  path: /health
  interval: 200ms
  timeout: 3s
  deploy_timeout: 90s
router:
  runtime: container
  image: ${ROUTER_IMAGE}
  listen: 0.0.0.0:18500
strategy:
  monitor: 1s
  keep_previous: true
state_dir: ../state
engine:
  host: ${engine.url}
`);
  await writeFile('/tmp/remote/url', engine.url);
  console.log('ready', engine.url);
  while (!existsSync('/tmp/remote/stop')) await sleep(1000);
} finally {
  await engine.stop();
  console.log('stopped');
}
