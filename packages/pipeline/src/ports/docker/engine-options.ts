import os from 'node:os';
import path from 'node:path';
import type { EngineAddress } from '../../config/engine-host.js';

// The dockerode (docker-modem) options for an engine address, described apart from opening it.
// docker-modem overlays these on what it reads from DOCKER_HOST, so every transport key is set
// (undefined included): a unix socket in the environment file must win over DOCKER_HOST=tcp://….

export interface EngineOptions {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  certPath?: string; // TLS: directory with ca.pem, cert.pem, key.pem (DOCKER_CERT_PATH), read when the engine is opened
  ssh?: SshLogin; // ssh: HTTP goes through an ssh connection made with these (ssh-transport.ts), opened with the engine
}

export interface SshLogin {
  username?: string; // the URL's, else the local user's (as ssh)
  agent?: string; // SSH_AUTH_SOCK
  // FERRY_SSH_KEY_FILE when set (it must be readable), else ssh's default identities that exist and need no passphrase
  keyFiles: { from: 'FERRY_SSH_KEY_FILE'; file: string } | { from: 'default'; files: string[] };
  knownHosts: string; // ~/.ssh/known_hosts: the host key must be listed there, as ssh's StrictHostKeyChecking wants
}

export interface EngineEnvironment {
  DOCKER_TLS_VERIFY?: string;
  DOCKER_CERT_PATH?: string;
  SSH_AUTH_SOCK?: string;
  FERRY_SSH_KEY_FILE?: string;
  HOME?: string;
}

const TLS_PORT = 2376;

export function engineOptions(address: EngineAddress, env: EngineEnvironment): EngineOptions {
  const none = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined };
  switch (address.kind) {
    case 'local':
      return {}; // docker-modem's own default socket search
    case 'unix':
      return { ...none, socketPath: address.socketPath };
    case 'tcp': {
      // The docker CLI's rule: TLS when DOCKER_TLS_VERIFY=1 or on the TLS port.
      const tls = env.DOCKER_TLS_VERIFY === '1' || address.port === TLS_PORT;
      return { ...none, host: address.host, port: address.port, protocol: tls ? 'https' : 'http', ...(tls && env.DOCKER_CERT_PATH && { certPath: env.DOCKER_CERT_PATH }) };
    }
    case 'ssh':
      // plain HTTP, carried by `docker system dial-stdio` streams on the host (ssh-transport.ts); host and port only name it
      return { ...none, protocol: 'http', host: address.host, port: address.port, ssh: sshLogin(address.username, env) };
  }
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa']; // ssh's own defaults, in its order, without the rare ones

function sshLogin(username: string | undefined, env: EngineEnvironment): SshLogin {
  const dotSsh = path.join(env.HOME || os.homedir(), '.ssh');
  const keyFiles: SshLogin['keyFiles'] = env.FERRY_SSH_KEY_FILE
    ? { from: 'FERRY_SSH_KEY_FILE', file: env.FERRY_SSH_KEY_FILE }
    : { from: 'default', files: DEFAULT_IDENTITIES.map((name) => path.join(dotSsh, name)) };
  return { username, agent: env.SSH_AUTH_SOCK, keyFiles, knownHosts: path.join(dotSsh, 'known_hosts') };
}
