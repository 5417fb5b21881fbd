// A load generator of the bench's own in a network namespace, joined to the host by a veth pair: its
// requests reach published ports through iptables DNAT, as another host's do. From the host itself,
// 127.0.0.1 goes through Docker's userland docker-proxy instead, a cost real clients never pay.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const sh = promisify(execFile);

export interface ClientNamespace {
  name: string;
  hostIp: string; // the host's end: containers are published here, the namespace sends to it
  /** argv run with the namespace's network (nsenter --net, not `ip netns exec`, which remounts /sys). */
  wrap(argv: string[]): string[];
  remove(): Promise<void>;
}

/** Describes the commands that make the namespace: a /30 on a veth pair, nothing routed beyond it. */
export function namespaceSetup(id: number, octet: number): { name: string; hostIp: string; clientIp: string; commands: string[][] } {
  const name = `fbench${id}`;
  const [hostSide, clientSide] = [`fbh${id}`, `fbc${id}`];
  const [hostIp, clientIp] = [`10.254.${octet}.1`, `10.254.${octet}.2`];
  const inside = (argv: string[]) => ['nsenter', `--net=/var/run/netns/${name}`, ...argv];
  return {
    name,
    hostIp,
    clientIp,
    commands: [
      ['ip', 'netns', 'add', name],
      ['ip', 'link', 'add', hostSide, 'type', 'veth', 'peer', 'name', clientSide],
      ['ip', 'link', 'set', clientSide, 'netns', name],
      ['ip', 'addr', 'add', `${hostIp}/30`, 'dev', hostSide],
      ['ip', 'link', 'set', hostSide, 'up'],
      inside(['ip', 'addr', 'add', `${clientIp}/30`, 'dev', clientSide]),
      inside(['ip', 'link', 'set', clientSide, 'up']),
      inside(['ip', 'link', 'set', 'lo', 'up']),
    ],
  };
}

export async function makeClientNamespace(id: number): Promise<ClientNamespace> {
  // a /30 in 10.254.0.0/16 that no interface on this host has yet
  const used = await readFile('/proc/net/fib_trie', 'utf8');
  const octet = [...Array(200).keys()].map((i) => 16 + ((id + i) % 200)).find((o) => !used.includes(`10.254.${o}.`));
  if (octet === undefined) throw new Error('no free 10.254.x.0/30 for the bench namespace');
  const setup = namespaceSetup(id, octet);
  const remove = async () => {
    // deleting the namespace deletes the veth pair with it
    await sh('ip', ['netns', 'delete', setup.name]).catch(() => undefined);
  };
  try {
    for (const [cmd, ...args] of setup.commands) await sh(cmd!, args);
  } catch (error) {
    await remove();
    throw error;
  }
  return { name: setup.name, hostIp: setup.hostIp, wrap: (argv) => ['nsenter', `--net=/var/run/netns/${setup.name}`, ...argv], remove };
}
