import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/demo-app/src/server.js');

export interface DemoServer {
  url: string;
  stop(): Promise<void>;
}

/** The demo app (unbundled source) on 127.0.0.1:<ephemeral port>, with a fault as `DEMO_FAULT` would bake it in. */
export function startDemoServer(version: string, fault = ''): Promise<DemoServer> {
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', FERRY_VERSION: version, DEMO_FAULT: fault },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo server (${fault || 'no fault'}) did not start within 10 s`)), 10_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const start = buffered.split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : {})).find((e) => e.event === 'start');
      if (start) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${start.port}`, stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`demo server exited with ${code} before listening`)));
  });
}
