// Opens what engineOptions described for an ssh:// engine: the key file ssh2 offers besides the agent,
// a host key verifier over known_hosts, and the sentence (exit 2) for a login the host refused.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ConfigError, type FerryError } from '../../errors.js';
import type { ConnectConfig } from 'ssh2';
import type { SshLogin } from './engine-options.js';
import { knownHostsName, verdictOf, type HostKeyVerdict } from './known-hosts.js';

export interface SshAuth {
  connect: ConnectConfig & { username: string; hostVerifier: (key: Buffer) => boolean }; // for ssh2's Client

  /** The FerryError for an ssh failure the user must fix (login refused, host key not trusted), else null. */
  failure: (err: unknown) => FerryError | null;
}

export function openSshAuth(files: SshLogin, o: { host: string; port: number; engine: string }): SshAuth {
  const privateKey = readKey(files.keyFiles);
  let refused: HostKeyVerdict | null = null;
  const username = files.username ?? os.userInfo().username;
  const agent = files.agent;
  const where = `Docker engine at ${o.engine}`;
  const name = knownHostsName(o.host, o.port);
  return {
    connect: {
      host: o.host,
      port: o.port,
      username,
      ...(agent && { agent }),
      ...(privateKey && { privateKey }),
      hostVerifier: (key: Buffer) => {
        const verdict = verdictOf(readOptional(files.knownHosts), o.host, o.port, key);
        refused = verdict === 'known' ? null : verdict;
        return verdict === 'known';
      },
    },
    failure: (err) => {
      const level = (err as { level?: string } | null)?.level;
      if (refused) return new ConfigError(`${where}: ${hostKeyProblem(refused, name, files.knownHosts)}`);
      if (level !== 'client-authentication') return null;
      const offered = [agent ? `the keys of your ssh agent (SSH_AUTH_SOCK=${agent})` : 'no ssh agent (SSH_AUTH_SOCK is not set)', privateKey ? `the key file ${keyFileName(files.keyFiles)}` : null].filter(Boolean).join(' and ');
      return new ConfigError(
        `${where} refused the ssh login of ${username} (offered ${offered}). ` +
          `Offer a key listed in that user's authorized_keys there: ssh-add it to your agent, or name its file in FERRY_SSH_KEY_FILE (else ~/.ssh/id_ed25519, id_ecdsa or id_rsa without a passphrase is used); engine.host (or DOCKER_HOST) names the user and host`,
      );
    },
  };
}

function hostKeyProblem(verdict: HostKeyVerdict, name: string, knownHosts: string): string {
  switch (verdict) {
    case 'unknown':
      return `the ssh host key of ${name} is not in ${knownHosts}, so it is not trusted (as ssh's StrictHostKeyChecking). Check its fingerprint with the host's owner, then add it: ssh-keyscan ${name.replace(/^\[(.*)\]:(\d+)$/, '-p $2 $1')} >> ${knownHosts}`;
    case 'changed':
      return `the ssh host key of ${name} does not match the one ${knownHosts} lists for it: the host was reinstalled or someone is in between. Once you know which, remove the old line (ssh-keygen -R '${name}' -f ${knownHosts}) and add the new key`;
    default:
      return `the ssh host key of ${name} is marked @revoked in ${knownHosts}`;
  }
}

function keyFileName(keyFiles: SshLogin['keyFiles']): string {
  return keyFiles.from === 'FERRY_SSH_KEY_FILE' ? `FERRY_SSH_KEY_FILE=${keyFiles.file}` : 'from ~/.ssh';
}

/** FERRY_SSH_KEY_FILE must be a readable key without a passphrase (exit 2 otherwise); a default identity is skipped when it is not. */
function readKey(keyFiles: SshLogin['keyFiles']): Buffer | undefined {
  if (keyFiles.from === 'FERRY_SSH_KEY_FILE') {
    let key: Buffer;
    try {
      key = readFileSync(keyFiles.file);
    } catch (err) {
      throw new ConfigError(`FERRY_SSH_KEY_FILE=${keyFiles.file}: cannot read the ssh key (${err instanceof Error ? err.message : String(err)}); point it at a private key file, or unset it to use your ssh agent`);
    }
    if (isEncrypted(key)) throw new ConfigError(`FERRY_SSH_KEY_FILE=${keyFiles.file}: the key has a passphrase, which ferry cannot ask for; add it to your ssh agent (ssh-add) and unset FERRY_SSH_KEY_FILE`);
    return key;
  }
  for (const file of keyFiles.files) {
    const key = readOptionalBuffer(file);
    if (key && !isEncrypted(key)) return key; // an encrypted one is the agent's to offer
  }
  return undefined;
}

/** A passphrase-protected key: PEM's "Proc-Type: 4,ENCRYPTED", or an openssh-key-v1 whose cipher is not "none". */
export function isEncrypted(key: Buffer): boolean {
  const text = key.toString('utf8');
  if (/^Proc-Type: 4,ENCRYPTED/m.test(text) || text.includes('BEGIN ENCRYPTED PRIVATE KEY')) return true;
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text)?.[1];
  if (!body) return false;
  const bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (bytes.subarray(0, magic.length).toString('latin1') !== magic || bytes.length < magic.length + 4) return false;
  const length = bytes.readUInt32BE(magic.length);
  return bytes.subarray(magic.length + 4, magic.length + 4 + length).toString('latin1') !== 'none';
}

function readOptional(file: string): string {
  return readOptionalBuffer(file)?.toString('utf8') ?? '';
}

function readOptionalBuffer(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
