import { describe, expect, it } from 'vitest';
import type { EnvironmentStatus } from '@ferry/pipeline';
import { statusLines } from './StatusScreen.js';

const status: EnvironmentStatus = {
  env: 'staging',
  routedColour: 'green',
  active: { colour: 'green', version: 'v2', state: 'running', health: 'healthy', containerId: 'c0ffee123456', imageId: 'sha256:a' },
  standby: { colour: 'blue', version: 'v1', state: 'running', health: 'healthy', containerId: 'beef00112233', imageId: 'sha256:b' },
  router: { running: true, configuredColour: 'green', liveColour: 'green', listen: '127.0.0.1:8180', url: 'http://127.0.0.1:8180', title: 'nginx' },
  lastRelease: { id: 'r2', env: 'staging', action: 'deploy', tag: 'v2', imageId: null, fromColour: 'blue', toColour: 'green', previousTag: 'v1', startedAt: '2026-11-24T10:00:00Z', endedAt: '2026-11-24T10:00:09.123Z', outcome: 'succeeded', reason: null },
  serving: { state: 'serving', problems: [] },
  warnings: [],
  engine: 'tcp://10.0.0.5:2375 (engine.host)',
  lock: null,
  canary: null,
};

describe('statusLines', () => {
  it('a fixed-column table of both colours, then the router and the last release, within 80 columns', () => {
    const lines = statusLines(status);
    expect(lines).toEqual([
      'ROLE      COLOUR  VERSION          STATE      HEALTH      CONTAINER',
      'active    green   v2               running    healthy     c0ffee123456',
      'standby   blue    v1               running    healthy     beef00112233',
      '',
      'engine  tcp://10.0.0.5:2375 (engine.host)',
      'router  running on 127.0.0.1:8180 · configured green · answers green',
      'last    deploy v2 at 2026-11-24 10:00:09',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('nothing deployed and the router down read as such', () => {
    const lines = statusLines({ ...status, routedColour: null, active: null, standby: null, lastRelease: null, router: { running: false, configuredColour: null, liveColour: null, listen: '127.0.0.1:8180', url: 'http://127.0.0.1:8180', title: 'nginx' } });
    expect(lines.slice(1, 3)).toEqual(['active    —', 'standby   —']);
    expect(lines.slice(5)).toEqual(['router  NOT running on 127.0.0.1:8180 · configured — · answers —', 'last    no release yet']);
  });

  it('a router on a remote engine shows where ferry reaches it beside what it listens on', () => {
    const lines = statusLines({ ...status, router: { ...status.router, listen: '0.0.0.0:8180', url: 'http://10.0.0.5:8180' } });
    expect(lines[5]).toBe('router  running on 0.0.0.0:8180 (10.0.0.5:8180) · configured green · answers green');
  });

  it('a canary’s split shows its step as the running deploy recorded it', () => {
    const canary = { weight: 25, colour: 'green', version: 'v3', step: 2, steps: 4, paused: false } as const;
    expect(statusLines({ ...status, canary })[6]).toBe('split   canary step 2/4: 25 % to green (v3)');
  });
});
