import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { keptColours, parseContainerUpstreamConf, recordedSplit, renderContainerUpstreamConf, servingTarget, withServingMarker } from './container-config.js';
import { assertSplit, renderSplitBlocks, splitWeights, type SplitRender } from './container-split.js';

const upstreams = { blue: { host: 'demo-staging-blue', port: 3000 }, green: { host: 'demo-staging-green', port: 3000 } };
const v1 = { colour: 'blue', port: 3000, version: 'v1' } as const;
const v2 = { colour: 'green', port: 3000, version: 'v2' } as const;
const tenPercent: SplitRender = { stable: 'blue', canary: 'green', canaryPercent: 10, answers: { blue: ['172.18.0.3:3000'], green: ['172.18.0.4:3000'] } };

describe('a split in the router container upstream conf', () => {
  it('renders one weighted block for requests without a preview, the answering colour from its address, previews by name', () => {
    expect(renderContainerUpstreamConf({ blue: v1, green: v2 }, ['blue', 'green'], upstreams, 'abc123', undefined, tenPercent)).toBe(
      `# ferry-colour blue port=3000 version=v1
# ferry-colour green port=3000 version=v2
# which colour serves: /etc/nginx/ferry-live (green while it resolves, else blue)
# ferry-split stable=blue canary=green canary_percent=10
map $http_x_ferry_preview $ferry_colour {
    volatile;
    default $ferry_split_colour;
    "abc123-blue" blue;
    "abc123-green" green;
}
# the split: requests with no preview header, by weight (smooth weighted round robin per worker); resolved when nginx loads this file
upstream ferry_split {
    server demo-staging-blue:3000 weight=9;
    server demo-staging-green:3000 weight=1;
    # idle connections kept open per worker, closed before the app closes them (as for one colour)
    keepalive 32;
    keepalive_timeout 4s;
}
# X-Ferry-Colour of a split answer: the colour whose container answered (the last address tried); "split" before any did
map $upstream_addr $ferry_split_colour {
    volatile;
    default split;
    "~(^| )172\\.18\\.0\\.3:3000$" blue;
    "~(^| )172\\.18\\.0\\.4:3000$" green;
}
# a request with no preview header goes to the serving colour's kept-open connections, when it has them
map "$http_x_ferry_preview:$ferry_live" $ferry_upstream {
    default $ferry_by_name;
    ":blue" ferry_split;
    ":green" ferry_split;
}
map $ferry_colour $ferry_by_name {
    default 127.0.0.1:1;
    blue demo-staging-blue:3000;
    green demo-staging-green:3000;
}
`,
    );
  });

  it('weights in lowest terms, the canary green or blue', () => {
    expect(splitWeights(10)).toEqual({ stable: 9, canary: 1 });
    expect(splitWeights(25)).toEqual({ stable: 3, canary: 1 });
    expect(splitWeights(50)).toEqual({ stable: 1, canary: 1 });
    expect(splitWeights(75)).toEqual({ stable: 1, canary: 3 });
    expect(splitWeights(99)).toEqual({ stable: 1, canary: 99 });
    const blueCanary = renderSplitBlocks({ ...tenPercent, stable: 'green', canary: 'blue', canaryPercent: 30 }, (colour) => `${colour}:3000`);
    expect(blueCanary).toContain('    server blue:3000 weight=3;\n    server green:3000 weight=7;\n');
  });

  it('a colour of several replicas: each replica gets the weight that keeps the colour\'s share, each address maps to it', () => {
    // 3 stable replicas and 1 canary at 25 %: equal weights, each of the 4 answers a quarter
    expect(splitWeights(25, { stable: 3, canary: 1 })).toEqual({ stable: 1, canary: 1 });
    expect(splitWeights(10, { stable: 3, canary: 3 })).toEqual({ stable: 9, canary: 1 });
    expect(splitWeights(50, { stable: 2, canary: 1 })).toEqual({ stable: 1, canary: 2 });
    const rendered = renderSplitBlocks({ ...tenPercent, canaryPercent: 50, answers: { blue: ['172.18.0.3:3000', '172.18.0.5:3000'], green: ['172.18.0.4:3000'] } }, (colour) => `${colour}:3000`);
    expect(rendered).toContain('    server blue:3000 weight=1;\n    server green:3000 weight=2;\n');
    expect(rendered).toContain('    "~(^| )172\\.18\\.0\\.3:3000$" blue;\n    "~(^| )172\\.18\\.0\\.5:3000$" blue;\n    "~(^| )172\\.18\\.0\\.4:3000$" green;\n');
  });

  it('is read back exactly, from the file and from the text a restore puts back; the stable is what serves', () => {
    const text = renderContainerUpstreamConf({ blue: v1, green: v2 }, [], upstreams, 'abc', undefined, tenPercent);
    expect(recordedSplit(text)).toEqual({ stable: v1, canary: v2, canaryPercent: 10 });
    const saved = withServingMarker(text, '/etc/nginx/ferry-colours/blue');
    expect(recordedSplit(saved)).toEqual({ stable: v1, canary: v2, canaryPercent: 10 });
    expect(parseContainerUpstreamConf(saved)).toEqual(v1);
    expect(servingTarget(text, '/etc/nginx/ferry-colours/blue')).toEqual(v1);
    // its block keeps connections to both colours: ensureRunning finds nothing behind, and a dead one unloadable
    expect(keptColours(text, upstreams)).toEqual(['blue', 'green']);
  });

  it('no marker, no split: a conf of one colour, or of an older ferry', () => {
    expect(recordedSplit(renderContainerUpstreamConf({ blue: v1, green: v2 }, ['blue'], upstreams, 'abc'))).toBeNull();
    expect(recordedSplit('# ferry-active colour=green port=3000 version=v7\n# ferry-split stable=blue canary=green canary_percent=10\n')).toBeNull();
    // a marker naming a colour with no release is no split it could route
    expect(recordedSplit('# ferry-colour blue port=3000 version=v1\n# ferry-split stable=blue canary=green canary_percent=10\n')).toBeNull();
  });

  it('refuses what it could not route: a weight that is no whole percent, one colour twice, an address that is none, no release', () => {
    expect(() => assertSplit({ stable: v1, canary: v2, canaryPercent: 101 })).toThrow(ConfigError);
    expect(() => assertSplit({ stable: v1, canary: v2, canaryPercent: 2.5 })).toThrow(/canary weight 2.5 must be a whole percent from 0 to 100/);
    expect(() => assertSplit({ stable: v1, canary: v1, canaryPercent: 10 })).toThrow(/a split needs two colours: stable and canary are both blue/);
    expect(() => assertSplit({ stable: v1, canary: v2, canaryPercent: 0 })).not.toThrow();
    expect(() => renderSplitBlocks({ ...tenPercent, answers: { ...tenPercent.answers, green: ['x;y'] } }, (c) => c)).toThrow(/"x;y" is not an ip:port for green/);
    expect(() => renderContainerUpstreamConf({ blue: v1 }, [], upstreams, 'abc', undefined, tenPercent)).toThrow(/no release recorded for blue or green/);
  });
});
