import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { container as fixture } from './container-test-fixture.js';
import type { LedgerEntry } from '../state/ledger.js';
import type { Truth } from '../state/truth.js';
import { describeInProgress, planPromote, requireInProgress } from './promote-plan.js';
import { planRollback } from './rollback-plan.js';

const config = {
  name: 'staging',
  app: 'demo',
  image: { name: 'ferry/demo-app' },
  container: { port: 3000, network: 'bridge' },
  router: { runtime: 'container', listen: { host: '127.0.0.1', port: 8180 }, drainMs: 30_000 },
  engine: { host: { kind: 'local' } },
} as unknown as EnvironmentConfig;

const container = (colour: 'blue' | 'green', version: string, createdAt: string, extra: Partial<FerryContainer> = {}): FerryContainer => fixture(colour, version, { createdAt, ...extra });

const routedTo = (containers: FerryContainer[], colour: 'blue' | 'green' | null): Truth => ({
  containers,
  router: { running: true, configured: colour && { colour, port: 3000, version: 'x' }, live: colour && { colour, upstream: null, status: 200 } },
});

const release = (tag: string, startedAt: string, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: tag, env: 'staging', action: 'deploy', tag, imageId: null, fromColour: null, toColour: 'blue', previousTag: null,
  startedAt, endedAt: startedAt, outcome: 'succeeded', reason: null, ...extra,
});

// v1 released on blue at 10:00; its deploy began 10:00:00
const V1 = container('blue', 'v1', '2026-12-01T10:00:05.000Z');
const HISTORY = [release('v1', '2026-12-01T10:00:00.000Z')];

describe('planPromote: what is in progress beside the release that serves', () => {
  it('a running container of the idle colour created after the last release began is staged', () => {
    const v2 = container('green', 'v2', '2026-12-01T10:05:00.000Z');
    expect(planPromote(config, routedTo([V1, v2], 'blue'), HISTORY)).toEqual({
      kind: 'staged',
      active: { colour: 'blue', version: 'v1', containerId: V1.id, port: 3000 },
      staged: v2,
      target: { colour: 'green', port: 3000, containerName: 'demo-staging-green', replicas: ['demo-staging-green'], address: 'port 3000 on network ferry-demo-staging', image: 'ferry/demo-app:v2', version: 'v2' },
    });
  });

  it('a standby kept warm (created before the last release began) is not staged', () => {
    const warm = container('green', 'v0', '2026-12-01T09:00:00.000Z');
    expect(planPromote(config, routedTo([V1, warm], 'blue'), HISTORY)).toEqual({
      kind: 'nothing',
      reason: 'staging: nothing is staged (no running container of the idle colour newer than the last release); stage one with `ferry deploy --env staging --tag TAG --no-switch`',
    });
  });

  it('a stopped idle container, one set aside by a deploy, or the routed colour itself is not staged', () => {
    const later = '2026-12-01T10:05:00.000Z';
    for (const truth of [
      routedTo([V1, container('green', 'v2', later, { state: 'exited' })], 'blue'),
      routedTo([V1, container('green', 'v2', later, { name: 'demo-staging-green-replaced-01abc' })], 'blue'),
      routedTo([container('blue', 'v2', later)], 'blue'),
    ]) {
      expect(planPromote(config, truth, HISTORY).kind).toBe('nothing');
    }
  });

  it('a failed promote or an abort does not count as a release; a succeeded promote does', () => {
    const v2 = container('green', 'v2', '2026-12-01T10:05:00.000Z');
    const failed = [...HISTORY, release('v2', '2026-12-01T10:06:00.000Z', { action: 'promote', outcome: 'rolled_back' })];
    expect(planPromote(config, routedTo([V1, v2], 'blue'), failed).kind).toBe('staged');
    const promoted = [...HISTORY, release('v2', '2026-12-01T10:06:00.000Z', { action: 'promote' })];
    // v2 serves now; v1, created before that promote began, is the standby kept warm
    expect(planPromote(config, routedTo([V1, v2], 'green'), promoted).kind).toBe('nothing');
  });

  it('a split the router still records (its canary deploy was killed) is the canary in progress, whatever its age', () => {
    const v2 = container('green', 'v2', '2026-12-01T10:05:00.000Z');
    const split = { stable: { colour: 'blue' as const, port: 3000, version: 'v1' }, canary: { colour: 'green' as const, port: 3000, version: 'v2' }, canaryPercent: 25 };
    const truth = { ...routedTo([V1, v2], 'blue'), router: { ...routedTo([V1, v2], 'blue').router, split } };
    const plan = planPromote(config, truth, HISTORY);
    expect(plan).toMatchObject({ kind: 'canary', active: { colour: 'blue', version: 'v1' }, canary: v2, target: { colour: 'green', version: 'v2' }, split });
    expect(describeInProgress(plan, 'promote')).toEqual(['traffic now: split blue v1 75 % · green v2 25 % (a canary whose deploy no longer runs)', 'switch the router to green (v2) alone']);
    expect(describeInProgress(plan, 'abort')).toEqual(['traffic now: split blue v1 75 % · green v2 25 % (a canary whose deploy no longer runs)', 'weight 0: blue (v1) alone, then drain and remove green (v2)']);
    // a split whose canary no longer runs is no canary to promote
    const dead = { ...truth, containers: [V1, { ...v2, state: 'exited' as const }] };
    expect(planPromote(config, dead, HISTORY).kind).toBe('nothing');
  });

  it('with no release yet, the one running container a deploy --no-switch started is staged', () => {
    const v1 = container('blue', 'v1', '2026-12-01T10:00:05.000Z');
    expect(planPromote(config, routedTo([v1], null), [])).toMatchObject({ kind: 'staged', active: null, staged: v1, target: { colour: 'blue', version: 'v1' } });
  });

  it('the plan lines name the traffic, the staged container and what the command does', () => {
    const v2 = container('green', 'v2', '2026-12-01T10:05:00.000Z');
    const plan = planPromote(config, routedTo([V1, v2], 'blue'), HISTORY);
    expect(describeInProgress(plan, 'promote')).toEqual([
      'traffic now: v1 on blue',
      'staged: v2 on green (container green-id-000, running, health healthy)',
      'health-gate green again, then switch the router to it',
    ]);
    expect(describeInProgress(plan, 'abort')[2]).toBe('drain and remove green (v2); traffic is not touched');
  });
});

describe('requireInProgress', () => {
  it('nothing staged is exit 2 naming the command and how to stage', () => {
    const error = (() => {
      try {
        requireInProgress(config, routedTo([V1], 'blue'), HISTORY, 'abort');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'ferry abort: staging: nothing is staged (no running container of the idle colour newer than the last release); stage one with `ferry deploy --env staging --tag TAG --no-switch`. Nothing was changed.',
    );
  });

  it('a router that answers from a container its labels do not name is exit 2 naming ferry repair', () => {
    const v2 = container('green', 'v2', '2026-12-01T10:05:00.000Z');
    const drifted: Truth = { ...routedTo([V1, v2], 'blue'), router: { ...routedTo([V1, v2], 'blue').router, answeredBy: 'green' } };
    expect(() => requireInProgress(config, drifted, HISTORY, 'promote')).toThrow(/ferry promote could not prove where traffic goes; nothing was changed\. .*ferry repair --env staging/);
  });
});

describe('a rollback beside a staged release', () => {
  it('never takes the staged release for the standby to switch back to', () => {
    const v2 = container('green', 'v2', '2026-12-01T10:05:00.000Z');
    // v1 is the only release: nothing earlier to roll back to (before, the staged v2 was switched to, warm)
    expect(() => planRollback(config, routedTo([V1, v2], 'blue'), HISTORY)).toThrow('staging: no earlier release is known');
    // v0 before it: a cold start of v0 on green, which replaces the staged v2
    const earlier = [release('v0', '2026-12-01T09:00:00.000Z'), ...HISTORY];
    expect(planRollback(config, routedTo([V1, v2], 'blue'), earlier)).toMatchObject({ kind: 'cold', target: { colour: 'green', version: 'v0' } });
  });
});
