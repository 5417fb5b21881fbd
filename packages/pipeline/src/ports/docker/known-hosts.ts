// OpenSSH's known_hosts, read the way ssh reads it for one host: ssh2 (docker-modem's ssh transport)
// accepts any host key unless given a verifier, so Ferry checks the key against this file itself,
// as `ssh` with StrictHostKeyChecking does: an unknown or changed key is refused.
import { createHmac } from 'node:crypto';

export type HostKeyVerdict = 'known' | 'unknown' | 'changed' | 'revoked';

/** The name known_hosts lists a host under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** What known_hosts says of `key` (the raw public key blob the server sent) for host:port. */
export function verdictOf(knownHosts: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const blob = key.toString('base64');
  let listed = false;
  let known = false; // not returned at once: a @revoked line further down still wins
  for (const line of knownHosts.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]!.startsWith('#')) continue;
    const marker = fields[0]!.startsWith('@') ? fields.shift() : undefined;
    const [patterns, , lineBlob] = fields;
    if (!patterns || !lineBlob) continue;
    if (marker === '@revoked') {
      if (lineBlob === blob) return 'revoked';
      continue;
    }
    if (marker !== undefined || !hostMatches(patterns, name)) continue; // @cert-authority: host certificates are not supported
    if (lineBlob === blob) known = true;
    listed = true;
  }
  return known ? 'known' : listed ? 'changed' : 'unknown';
}

/** A comma-separated list of patterns (`*`, `?`, a leading `!` negates) or one hashed name (`|1|salt|hash`). */
function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    return createHmac('sha1', Buffer.from(salt ?? '', 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globMatches(pattern: string, name: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}
