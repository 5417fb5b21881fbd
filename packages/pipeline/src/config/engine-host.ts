// Where the Docker engine is: the forms the docker CLI and docker-modem accept for DOCKER_HOST.
// Parsed once here so every command talks to the same engine and a typo fails before anything changes.

export type EngineAddress =
  | { kind: 'local' } // docker-modem's default socket (~/.docker/run/docker.sock, else /var/run/docker.sock)
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'ssh'; host: string; port: number; username?: string };

export const ENGINE_HOST_EXPECTED = 'should be a Docker engine address: /path/to.sock, unix:///path/to.sock, tcp://host:port or ssh://user@host';
export const ENGINE_HOST_HINT = 'e.g. host: tcp://10.0.0.5:2375, host: ssh://deploy@server.example or host: unix:///var/run/docker.sock';

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The address, or a sentence saying what is wrong with it. */
export function parseEngineHost(text: string): EngineAddress | { problem: string } {
  const value = text.trim();
  if (value.startsWith('/')) return { kind: 'unix', socketPath: value };
  const scheme = /^([a-z]+):\/\//.exec(value)?.[1];
  if (scheme === 'unix') {
    const socketPath = value.slice('unix://'.length);
    return socketPath.startsWith('/') ? { kind: 'unix', socketPath } : { problem: 'a unix:// address needs an absolute socket path, e.g. unix:///var/run/docker.sock' };
  }
  if (scheme !== 'tcp' && scheme !== 'ssh') return { problem: scheme ? `scheme ${scheme}:// is not supported (tcp://, ssh://, unix://)` : ENGINE_HOST_EXPECTED };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${scheme}:// address is not a valid URL` };
  }
  if (!url.hostname) return { problem: `${scheme}:// address has no host` };
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) return { problem: `${scheme}:// address should have no path or query` };
  if (url.password) return { problem: 'ssh:// address should not hold a password: use an ssh key or agent (SSH_AUTH_SOCK)' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (scheme === 'tcp') {
    if (!url.port) return { problem: 'tcp:// address needs a port, e.g. tcp://10.0.0.5:2375 (2376 for TLS)' };
    if (url.username) return { problem: 'tcp:// address should have no user' };
    return { kind: 'tcp', host, port: Number(url.port) };
  }
  return { kind: 'ssh', host, port: url.port ? Number(url.port) : 22, ...(url.username && { username: decodeURIComponent(url.username) }) };
}

/** The address as a user writes it, for messages and to tell two engines apart. */
export function engineHostText(address: EngineAddress): string {
  switch (address.kind) {
    case 'local':
      return `unix://${DEFAULT_SOCKET}`;
    case 'unix':
      return `unix://${address.socketPath}`;
    case 'tcp':
      return `tcp://${bracketed(address.host)}:${address.port}`;
    case 'ssh':
      return `ssh://${address.username ? `${address.username}@` : ''}${bracketed(address.host)}:${address.port}`;
  }
}

function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Two addresses name the same engine (the default socket and unix:///var/run/docker.sock do). */
export function sameEngine(a: EngineAddress, b: EngineAddress): boolean {
  return engineHostText(a) === engineHostText(b);
}
