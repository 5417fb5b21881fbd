import { readFile } from 'node:fs/promises';

// TCP state LISTEN in /proc/net/tcp{,6}.
const LISTEN_STATE = '0A';

/** The ports something listens on, from the text of /proc/net/tcp or /proc/net/tcp6 (any local address). */
export function listeningPorts(procNetTcp: string): Set<number> {
  const ports = new Set<number>();
  for (const line of procNetTcp.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== LISTEN_STATE || !local) continue;
    ports.add(parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
  }
  return ports;
}

/**
 * Whether anything on this machine listens on `port`. Read from /proc rather than by binding: a
 * test bind would itself catch, and then reset, a client connecting in that instant.
 */
export async function isPortListening(port: number): Promise<boolean> {
  const texts = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'utf8').catch(() => '')));
  return texts.some((text) => listeningPorts(text).has(port));
}
