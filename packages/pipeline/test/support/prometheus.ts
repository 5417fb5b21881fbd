// A real Prometheus (Debian's package) for the tests: its own config (it scrapes itself every second), its TSDB in a
// temp dir, on 127.0.0.1 and a free port. The binary is run directly: never the system's service.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './environment.js';
import { stopChild } from './registry.js';

export interface TestPrometheus {
  url: string; // http://127.0.0.1:<port>
  stop: () => Promise<void>;
}

const READY_TIMEOUT_MS = 60_000; // a bound for a stuck start, not a timing claim

export async function startPrometheus(): Promise<TestPrometheus> {
  const address = `127.0.0.1:${await freePort()}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: prometheus\n    static_configs: [{ targets: ['${address}'] }]\n`);
  const argv = ['--config.file', config, '--storage.tsdb.path', path.join(dir, 'data'), '--web.listen-address', address, '--log.level', 'warn'];
  const child = spawn('prometheus', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const spawned = new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', resolve);
  });
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://${address}`;
  const failedToSpawn = await spawned;
  if (failedToSpawn) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`prometheus could not be started (${failedToSpawn.message}); install it with: apt-get install prometheus`);
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`prometheus did not become ready on ${address}: ${stderr}`);
}
