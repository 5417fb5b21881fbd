import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';
import { container as fixture } from './container-test-fixture.js';
import type { LedgerEntry } from '../state/ledger.js';
import { answeringColour, lastUpstreamAddress } from '../state/served-by.js';
import { reconcile, routedColour, routerDrift, type Truth } from '../state/truth.js';
import { describeDeployPlan, planDeploy } from './deploy-plan.js';
import { lastReleasedOf, planRepair } from './repair-plan.js';
import { planRollback } from './rollback-plan.js';

// The router container reaches each colour at its IP on the environment's network, at the app's port.
const config = {
  name: 'staging',
  app: 'demo',
  image: { name: 'demo' },
  container: { port: 3000, network: 'bridge' },
  router: { runtime: 'container', listen: { host: '127.0.0.1', port: 8180 }, drainMs: 1000 },
  engine: { host: { kind: 'local' } },
  strategy: { retain: 3 },
} as unknown as EnvironmentConfig;

const IP = { blue: '172.30.0.2', green: '172.30.0.3' };
const container = (colour: 'blue' | 'green', version: string, state = 'running', health: FerryContainer['health'] = 'healthy'): FerryContainer =>
  fixture(colour, version, { state, health, createdAt: '2026-12-01T00:00:00Z', addresses: state === 'running' ? [IP[colour]] : [] });

/** What the router answered: the colour its config labels the answer with, and the address nginx reached. */
function truth(containers: FerryContainer[], label: 'blue' | 'green' | null, upstream: string | null, status = 200, configured: 'blue' | 'green' | null = label): Truth {
  const live = { colour: label, upstream, status };
  return {
    containers,
    router: {
      running: true,
      configured: configured ? { colour: configured, port: 3000, version: 'x' } : null,
      live,
      answeredBy: answeringColour(config, containers, live),
    },
  };
}

const entry = (tag: string): LedgerEntry => ({
  id: tag, env: 'staging', action: 'deploy', tag, imageId: null, fromColour: null, toColour: null, previousTag: null, startedAt: '', endedAt: '', outcome: 'succeeded', reason: null,
});

describe('which container answers', () => {
  it('is the colour whose address is the last one nginx tried', () => {
    expect(lastUpstreamAddress('172.30.0.2:3000')).toBe('172.30.0.2:3000');
    expect(lastUpstreamAddress('172.30.0.9:3000, 172.30.0.3:3000')).toBe('172.30.0.3:3000');
    expect(lastUpstreamAddress('172.30.0.9:3000 : 172.30.0.2:3000')).toBe('172.30.0.2:3000');
    expect(lastUpstreamAddress(null)).toBeNull();
    const both = [container('blue', 'v1'), container('green', 'v2')];
    expect(answeringColour(config, both, { colour: 'green', upstream: '172.30.0.2:3000', status: 200 })).toBe('blue');
    expect(answeringColour(config, both, { colour: 'green', upstream: '10.9.9.9:80', status: 200 })).toBeNull();
    expect(answeringColour(config, both, null)).toBeUndefined();
  });

  it('on the loopback (host router) a colour is its router port', () => {
    const host = { ...config, router: { ...config.router, runtime: 'host', ports: { blue: 18181, green: 18182 } } } as unknown as EnvironmentConfig;
    expect(answeringColour(host, [container('blue', 'v1'), container('green', 'v2')], { colour: 'blue', upstream: '127.0.0.1:18182', status: 200 })).toBe('green');
  });
});

describe('a router edited by hand', () => {
  // labelled green (its config says green) but nginx reaches blue's container: blue serves
  const edited = truth([container('blue', 'v1'), container('green', 'v2')], 'green', `${IP.blue}:3000`);

  it('the truth is the container that answers, and the disagreement is drift', () => {
    expect(routedColour(edited)).toBe('blue');
    expect(routerDrift(edited)).toEqual([`the router labels its answers green but they come from the blue container (${IP.blue}:3000): its config was changed outside Ferry`]);
    const view = reconcile(config, edited, [entry('v2')]);
    expect(view).toMatchObject({ routedColour: 'blue', active: { version: 'v1' }, drift: routerDrift(edited) });
    expect(view.warnings).toContain('to fix: `ferry repair --env staging` rewrites the router\'s config from what serves now (confirmed by probe); `--force` makes the deploy do that first, never touching the container that serves');
  });

  it('blocks a deploy (exit 2) unless forced; forced, it never takes the serving container\'s slot', () => {
    expect(() => planDeploy(config, edited, 'v3', false)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/ferry repair --env staging/) }));
    const forced = planDeploy(config, edited, 'v3', true);
    expect(forced).toMatchObject({ kind: 'deploy', target: { colour: 'green' }, replaces: { colour: 'green' }, drift: routerDrift(edited) });
    expect(describeDeployPlan(forced)[0]).toBe('router drift (--force): rewrite its config for what serves before anything else (1 finding(s))');
  });

  it('blocks a rollback too: its switch would be confirmed by the labels that are wrong', () => {
    expect(() => planRollback(config, edited, [entry('v1'), entry('v2')])).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/ferry repair --env staging.*then roll back/) }));
  });

  it('an answer from an address that is no container of the environment is drift too; a gateway error is not', () => {
    const foreign = truth([container('blue', 'v1')], 'blue', '10.9.9.9:80');
    expect(routerDrift(foreign)).toEqual(['the router answers from 10.9.9.9:80, which is no running container of this environment: its config was changed outside Ferry']);
    expect(routerDrift(truth([container('blue', 'v1', 'exited')], 'blue', `${IP.blue}:3000`, 502))).toEqual([]);
  });

  it('a config Ferry cannot read is drift named by the reader', () => {
    const garbage: Truth = { ...edited, router: { ...truth([container('blue', 'v1')], 'blue', `${IP.blue}:3000`).router, configured: null, configError: 'not Ferry\'s' } };
    expect(routerDrift(garbage)).toEqual(["not Ferry's"]);
    // a rollback writes a whole new config and its labels are Ferry's again: it goes ahead
    expect(planRollback(config, garbage, [entry('v2'), entry('v1')])).toMatchObject({ kind: 'warm', target: { colour: 'green', version: 'v2' } });
  });

  it('repair keeps what serves: the answering container, never the label', () => {
    expect(planRepair(config, edited)).toMatchObject({ target: { colour: 'blue', version: 'v1', port: 3000 } });
    expect(() => planRepair(config, truth([container('blue', 'v1', 'exited')], 'blue', null, 502))).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('repair of a router that does not run: the history\'s last release when its container runs, else the only colour running', () => {
    const down = (containers: FerryContainer[]): Truth => ({ containers, router: { running: false, configured: null, live: null, configError: "not Ferry's" } });
    const both = down([container('blue', 'v1'), container('green', 'v2')]);
    expect(planRepair(config, both, { colour: 'green', version: 'v2' })).toMatchObject({ target: { colour: 'green', version: 'v2' }, why: "green (v2): the history's last release (v2) is on it and its container runs" });
    expect(() => planRepair(config, both, null)).toThrow(/no running container is routed to/); // two running, no history: never a guess
    expect(planRepair(config, down([container('blue', 'v1'), container('green', 'v2', 'exited')]), { colour: 'green', version: 'v2' })).toMatchObject({
      target: { colour: 'blue', version: 'v1' },
      why: 'blue (v1): it is the only colour whose container runs',
    });
    expect(lastReleasedOf([{ ...entry('v1'), toColour: 'blue' }, { ...entry('v2'), toColour: 'green', outcome: 'rolled_back' }])).toEqual({ colour: 'blue', version: 'v1' });
  });
});

describe('the routed colour is dead, the standby is healthy', () => {
  // routed to green (killed: it has no address now, nginx answers 502); blue runs v1, healthy
  const dead = truth([container('blue', 'v1'), container('green', 'v2', 'exited')], 'green', `${IP.green}:3000`, 502);

  it('rollback switches to the standby (warm), naming why', () => {
    expect(planRollback(config, dead, [entry('v1'), entry('v2')])).toMatchObject({
      kind: 'warm', active: null, target: { colour: 'blue', version: 'v1' }, containerId: 'blue-id-0000000000',
      note: 'traffic is routed to green (v2, exited), whose container is not running: switching to the healthy standby blue (v1)',
    });
    expect(() => planRollback(config, dead, [entry('v1'), entry('v2')], 'v0')).toThrow(/healthy standby runs v1/);
  });

  it('a deploy refuses (exit 2) instead of taking the only healthy container\'s slot', () => {
    expect(() => planDeploy(config, dead, 'v3', false)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/blue \(v1\) is the only healthy container.*ferry rollback --env staging/) }));
    expect(() => planDeploy(config, dead, 'v3', true)).toThrow(/only healthy container/);
  });

  it('an unhealthy or stopped standby is no way back: the deploy goes ahead into the other slot', () => {
    const noStandby = truth([container('blue', 'v1', 'exited'), container('green', 'v2', 'exited')], 'green', null, 502);
    expect(planDeploy(config, noStandby, 'v3', false)).toMatchObject({ kind: 'deploy', target: { colour: 'blue' } });
    const sick = truth([container('blue', 'v1', 'running', 'unhealthy'), container('green', 'v2', 'exited')], 'green', null, 502);
    expect(() => planRollback(config, sick, [entry('v1'), entry('v2')])).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('a canary split', () => {
  const split = { stable: { colour: 'blue', port: 3000, version: 'v1' }, canary: { colour: 'green', port: 3000, version: 'v2' }, canaryPercent: 10 } as const;
  const both = [container('blue', 'v1'), container('green', 'v2')];
  const withSplit = (base: Truth, recorded: typeof split | null = split): Truth => ({ ...base, router: { ...base.router, split: recorded } });

  it('answers from either of its colours are no drift: the stable serves, the canary stands by, status shows the split', () => {
    for (const answer of ['blue', 'green'] as const) {
      const probed = withSplit(truth(both, answer, `${IP[answer]}:3000`, 200, 'blue'));
      expect(routerDrift(probed)).toEqual([]);
      expect(routedColour(probed)).toBe('blue');
      const view = reconcile(config, probed, [entry('v1')]);
      expect(view).toMatchObject({ routedColour: 'blue', active: { version: 'v1' }, standby: { version: 'v2' }, drift: [], warnings: [], router: { split } });
    }
    // the canary, newer than the last release, gets its share of traffic: not a staged release
    const older = { ...entry('v1'), startedAt: '2026-11-30T00:00:00Z' };
    expect(reconcile(config, withSplit(truth(both, 'blue', `${IP.blue}:3000`, 200, 'blue')), [older]).staged).toBeNull();
    expect(reconcile(config, truth(both, 'blue', `${IP.blue}:3000`, 200, 'blue'), [older]).staged).toMatchObject({ colour: 'green', version: 'v2' });
    // without the split the canary's answer is a switch cut short: the file says blue
    expect(reconcile(config, truth(both, 'green', `${IP.green}:3000`, 200, 'blue'), [entry('v1')]).warnings).toContainEqual(expect.stringMatching(/on disk says blue but it serves green \(a switch cut short\?\)/));
  });

  it('is still drift when the answers come from containers the split does not name or its labels do not say', () => {
    expect(routerDrift(withSplit(truth(both, 'green', `${IP.blue}:3000`, 200, 'blue')))).toEqual([
      `the router labels its answers green but they come from the blue container (${IP.blue}:3000): its config was changed outside Ferry`,
    ]);
    expect(routerDrift(withSplit(truth(both, 'green', '10.9.9.9:80', 200, 'blue')))).toEqual([
      'the router answers from 10.9.9.9:80, which is no running container of this environment: its config was changed outside Ferry',
    ]);
    // the split sends a share to a colour whose container is gone
    const canaryGone = withSplit(truth([container('blue', 'v1'), container('green', 'v2', 'exited')], 'blue', `${IP.blue}:3000`, 200, 'blue'));
    expect(routerDrift(canaryGone)).toEqual(['the router\'s split sends 10 % of requests to green v2, but no green container runs']);
  });
});
