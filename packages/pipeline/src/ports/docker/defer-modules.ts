// dockerode requires gRPC and protobuf at load (for BuildKit sessions, which Ferry never opens) and
// docker-modem requires ssh2 (for ssh:// engines only): together ~200 ms of every command's start-up,
// measured. Each of those two files exports one function; until it is first called, Node's CommonJS
// cache holds a stand-in that loads the real file then. Imported before dockerode (docker-engine.ts).
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The files deferred: dockerode's session.js and docker-modem's ssh.js, as this install resolves them. */
export function deferredFiles(): string[] {
  const dockerode = require.resolve('dockerode'); // <dir>/lib/docker.js
  const modem = createRequire(dockerode).resolve('docker-modem'); // <dir>/lib/modem.js
  return [path.join(path.dirname(dockerode), 'session.js'), path.join(path.dirname(modem), 'ssh.js')];
}

/** Puts the stand-in for a file exporting one function; a file already loaded, or not there (another layout), is left as is. */
export function deferFunctionModule(file: string): void {
  if (require.cache[file] || !existsSync(file)) return;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const standIn = function (this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      delete require.cache[file];
      real = require(file) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  const entry = new Module(file);
  Object.assign(entry, { filename: file, loaded: true, exports: standIn });
  require.cache[file] = entry;
}

for (const file of deferredFiles()) deferFunctionModule(file);
