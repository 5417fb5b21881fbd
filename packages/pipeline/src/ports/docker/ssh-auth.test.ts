import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../errors.js';
import { isEncrypted, openSshAuth } from './ssh-auth.js';

// Keys ssh-keygen made: one without a passphrase, one with.
const PLAIN = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBH7ijnROUi2IncATZeJZ4zHnBr4u1Ak+v0fwU16QIB9AAAAIid5m9TneZv
UwAAAAtzc2gtZWQyNTUxOQAAACBH7ijnROUi2IncATZeJZ4zHnBr4u1Ak+v0fwU16QIB9A
AAAEBhhFdceY8iWPdNeX8C1uPewZNT+qPzb7vbBBPb980iT0fuKOdE5SLYidwBNl4lnjMe
cGvi7UCT6/R/BTXpAgH0AAAAAXQBAgME
-----END OPENSSH PRIVATE KEY-----\n`;
const ENCRYPTED = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABCLxNX9D0
dgloH+R6lNVhCEAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIEp+LjpHktFzCnGK
FcNo8VaTowSluHVlh1MBjdHD04ysAAAAkO1Ack9L6WnIWkq0mrFahbiPXGf93AOkLD+dzZ
1XKwHI5NYUd39lpWQpFG13Q9k/TUU1P2FDdKuGrTtW6QiYQrvPz90sTMW+6PfTtEwlVxTB
jDjjRALTGsyEHsMZvcmUMzESR7l3h1SVnKr89Q+xYJ+GxyQKgi4dWNac7RqOminHCU1k57
LD6B3fF06NP5GjVw==
-----END OPENSSH PRIVATE KEY-----\n`;
const HOST_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIEfuKOdE5SLYidwBNl4lnjMecGvi7UCT6/R/BTXpAgH0';

function home(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-ssh-auth-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const target = { host: '10.0.0.5', port: 22, engine: 'ssh://deploy@10.0.0.5:22' };
const login = { username: 'deploy' };

describe('ssh auth of an ssh:// engine', () => {
  it('tells a passphrase-protected key from a plain one (openssh-key-v1 and PEM)', () => {
    expect(isEncrypted(Buffer.from(PLAIN))).toBe(false);
    expect(isEncrypted(Buffer.from(ENCRYPTED))).toBe(true);
    expect(isEncrypted(Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n'))).toBe(true);
  });

  it('offers the first default identity without a passphrase; an encrypted one is left to the agent', () => {
    const dir = home({ id_ed25519: ENCRYPTED, id_rsa: PLAIN });
    const files = (names: string[]) => ({ ...login, keyFiles: { from: 'default' as const, files: names.map((n) => path.join(dir, n)) }, knownHosts: path.join(dir, 'known_hosts') });
    expect(openSshAuth(files(['id_ed25519', 'id_ecdsa', 'id_rsa']), target).connect.privateKey?.toString()).toBe(PLAIN);
    expect(openSshAuth(files(['id_ed25519', 'id_ecdsa']), target).connect.privateKey).toBeUndefined();
  });

  it('FERRY_SSH_KEY_FILE that cannot be read, or has a passphrase, is exit 2 naming the variable', () => {
    const dir = home({ enc: ENCRYPTED });
    const open = (file: string) => () => openSshAuth({ ...login, keyFiles: { from: 'FERRY_SSH_KEY_FILE', file }, knownHosts: '/nonexistent' }, target);
    expect(open(path.join(dir, 'missing'))).toThrow(expect.objectContaining({ exitCode: ExitCode.badInput, message: expect.stringMatching(/^FERRY_SSH_KEY_FILE=.*missing: cannot read the ssh key/) }));
    expect(open(path.join(dir, 'enc'))).toThrow(/FERRY_SSH_KEY_FILE=.*enc: the key has a passphrase.*ssh-add/);
  });

  it('trusts only a host key known_hosts lists; an unknown one is exit 2 naming the file and the ssh-keyscan that adds it', () => {
    const dir = home({ known_hosts: `10.0.0.5 ssh-ed25519 ${HOST_KEY}\n` });
    const auth = openSshAuth({ ...login, keyFiles: { from: 'default', files: [] }, knownHosts: path.join(dir, 'known_hosts') }, { ...target, port: 2222 });
    expect(auth.connect.hostVerifier(Buffer.from(HOST_KEY, 'base64'))).toBe(false); // listed for port 22 only
    const error = auth.failure(new Error('Host denied (verification failed)'));
    expect(error?.exitCode).toBe(ExitCode.badInput);
    expect(error?.message).toBe(
      `Docker engine at ssh://deploy@10.0.0.5:22: the ssh host key of [10.0.0.5]:2222 is not in ${dir}/known_hosts, so it is not trusted (as ssh's StrictHostKeyChecking). ` +
        `Check its fingerprint with the host's owner, then add it: ssh-keyscan -p 2222 10.0.0.5 >> ${dir}/known_hosts`,
    );
    const onDefaultPort = openSshAuth({ ...login, keyFiles: { from: 'default', files: [] }, knownHosts: path.join(dir, 'known_hosts') }, target);
    expect(onDefaultPort.connect.hostVerifier(Buffer.from(HOST_KEY, 'base64'))).toBe(true);
    expect(onDefaultPort.failure(Object.assign(new Error('connect ECONNREFUSED'), { level: 'client-socket' }))).toBeNull(); // not the user's to fix: "did not answer"
  });

  it('a refused login is exit 2 saying what was offered and how to offer the right key', () => {
    const auth = openSshAuth({ ...login, agent: '/tmp/agent.sock', keyFiles: { from: 'default', files: [] }, knownHosts: '/nonexistent' }, target);
    expect(auth.connect).toStrictEqual({ host: '10.0.0.5', port: 22, username: 'deploy', agent: '/tmp/agent.sock', hostVerifier: expect.any(Function) });
    const error = auth.failure(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }));
    expect(error?.exitCode).toBe(ExitCode.badInput);
    expect(error?.message).toMatch(/^Docker engine at ssh:\/\/deploy@10\.0\.0\.5:22 refused the ssh login of deploy \(offered the keys of your ssh agent \(SSH_AUTH_SOCK=\/tmp\/agent\.sock\)\)\. .*ssh-add.*FERRY_SSH_KEY_FILE.*engine\.host/);
  });
});
