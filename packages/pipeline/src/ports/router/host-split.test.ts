import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { assertPortsOpen, hostSplitOf, renderHostSplitConf } from './host-split.js';
import { parseUpstreamConf, renderUpstreamConf } from './nginx-config.js';
import type { Split } from './types.js';

const split: Split = { stable: { colour: 'green', port: 18182, version: 'v1' }, canary: { colour: 'blue', port: 18181, version: 'v2' }, canaryPercent: 25 };

describe('a split in the host router upstream conf', () => {
  it('renders one backend of both loopback ports by weight, the answering colour from the port; the stable first', () => {
    expect(renderHostSplitConf(split)).toBe(`# ferry-active colour=green port=18182 version=v1
# ferry-canary colour=blue port=18181 version=v2
# ferry-split stable=green canary=blue canary_percent=25
# X-Ferry-Colour: the colour whose port answered (the last address tried); "split" before any did
map $upstream_addr $ferry_colour {
    volatile;
    default split;
    "~(^| )127\\.0\\.0\\.1:18181$" blue;
    "~(^| )127\\.0\\.0\\.1:18182$" green;
}
upstream ferry_backend {
    # by weight: smooth weighted round robin per worker
    server 127.0.0.1:18181 weight=1;
    server 127.0.0.1:18182 weight=3;
    # idle connections kept open per worker: more than a busy client's concurrent requests, so none is reopened
    keepalive 32;
}
`);
  });

  it('is read back exactly; what serves (readActive, a restore) is the stable; one colour alone is no split', () => {
    const text = renderHostSplitConf(split);
    expect(hostSplitOf(text)).toEqual(split);
    expect(parseUpstreamConf(text)).toEqual(split.stable);
    expect(hostSplitOf(renderUpstreamConf(split.stable))).toBeNull();
    // markers that disagree are no split it could have written
    expect(hostSplitOf(text.replace('stable=green', 'stable=blue'))).toBeNull();
  });

  it('refuses a version nginx would read as more than a value, and a colour whose port takes no connection (nothing changed)', async () => {
    expect(() => renderHostSplitConf({ ...split, canary: { ...split.canary, version: 'v2;' } })).toThrow(ConfigError);
    const stable = createServer().listen(0, '127.0.0.1');
    await once(stable, 'listening');
    try {
      const open = { ...split, stable: { ...split.stable, port: (stable.address() as AddressInfo).port } };
      // port 1 on the loopback: nothing listens there
      await expect(assertPortsOpen([open.stable, { ...split.canary, port: 1 }])).rejects.toThrow('blue (v2) takes no connection on 127.0.0.1:1: a colour must run before a split sends it requests; nothing was changed');
      await expect(assertPortsOpen([open.stable])).resolves.toBeUndefined();
    } finally {
      stable.close();
    }
  });
});
