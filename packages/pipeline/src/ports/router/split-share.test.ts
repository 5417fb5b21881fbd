import { describe, expect, it } from 'vitest';
import { SwitchUnconfirmedError } from './confirm.js';
import { changeSplit, describeSplit, type SplitOps } from './split-change.js';
import { countAnswers, observeSplit, splitRefutation, splitTolerance, SplitUnconfirmedError, unansweredAllowed } from './split-share.js';
import type { LiveProbe, RouterTarget, Split } from './types.js';

const v1: RouterTarget = { colour: 'blue', port: 3000, version: 'v1' };
const v2: RouterTarget = { colour: 'green', port: 3000, version: 'v2' };
const split = (canaryPercent: number): Split => ({ stable: v1, canary: v2, canaryPercent });
const answer = (colour: 'blue' | 'green' | null): LiveProbe => ({ colour, upstream: null, status: 200 });
const answers = (green: number, blue: number, none = 0, routerErrors = 0) => [
  ...Array(green).fill(answer('green')),
  ...Array(blue).fill(answer('blue')),
  ...Array(none).fill(null),
  ...Array(routerErrors).fill({ colour: null, upstream: null, status: 502 }),
];

describe('the share a split is confirmed by', () => {
  it('allows four binomial standard deviations and one request; none at 0 and 100 %', () => {
    expect(splitTolerance(0.1, 200)).toBeCloseTo(4 * Math.sqrt(0.09 / 200) + 0.005, 10); // ≈ 0.090
    expect(splitTolerance(0.5, 200)).toBeCloseTo(0.1464, 3);
    expect(splitTolerance(0.5, 800)).toBeLessThan(splitTolerance(0.5, 200));
    expect(splitTolerance(0, 200)).toBe(0);
    expect(splitTolerance(1, 200)).toBe(0);
  });

  it('confirms a share within tolerance, refutes one outside it, any answer of the router itself, and any stray answer at 0 %', () => {
    expect(splitRefutation(observeSplit(split(10), answers(19, 181)))).toBeNull();
    expect(splitRefutation(observeSplit(split(10), answers(3, 197)))).toBeNull(); // 1.5 % against 10 ± 8.99
    expect(splitRefutation(observeSplit(split(10), answers(2, 198)))).toBe('the canary answered 1 % of 200 probes, expected 10 % ± 9 %');
    expect(splitRefutation(observeSplit(split(10), answers(50, 150)))).toMatch(/answered 25 % of 200/);
    expect(splitRefutation(observeSplit(split(10), answers(20, 179, 0, 1)))).toBe('1 of 200 probes were answered by the router itself, not a colour');
    expect(splitRefutation(observeSplit(split(0), answers(1, 199)))).toMatch(/answered 0.5 % of 200 probes, expected 0 % ± 0 %/);
    expect(splitRefutation(observeSplit(split(100), answers(200, 0)))).toBeNull();
    expect(observeSplit(split(10), answers(19, 181))).toEqual({ probes: 200, counted: 200, answered: { blue: 181, green: 19 }, unanswered: 0, routerErrors: 0, canaryShare: 0.095, expectedShare: 0.1, tolerance: splitTolerance(0.1, 200) });
  });

  it('judges the share on the answers from a colour, with a few probes unanswered in time (a busy machine), not more', () => {
    expect(unansweredAllowed(200)).toBe(10);
    const busy = observeSplit(split(10), answers(20, 180, 10));
    expect(busy).toMatchObject({ probes: 210, counted: 200, unanswered: 10, canaryShare: 0.1 });
    expect(splitRefutation(busy)).toBeNull();
    expect(splitRefutation(observeSplit(split(10), answers(20, 180, 11)))).toBe('11 of 211 probes got no answer from a colour');
    expect(splitRefutation(observeSplit(split(10), answers(0, 0, 3)))).toBe('3 of 3 probes got no answer from a colour');
  });

  it('counts every probe, a few at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const probe = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return answer('blue');
    };
    expect(await countAnswers(probe, 50)).toHaveLength(50);
    expect(most).toBe(8);
    // one answer of the router itself is enough to refute: the lanes in flight finish, no more are sent
    let n = 0;
    const failsAt10 = async () => (++n === 10 ? { colour: null, upstream: null, status: 502 } : answer('blue'));
    const stopped = await countAnswers(failsAt10, 200);
    expect(stopped.length).toBeLessThan(10 + 8);
    expect(stopped.filter((a) => a?.status === 502)).toHaveLength(1);
  });

  it('sends an unanswered probe again, until the count is answered or more than allowed went unanswered', async () => {
    let n = 0;
    const everyTwentiethSilent = async () => (++n % 20 === 0 ? null : answer('blue'));
    const counted = await countAnswers(everyTwentiethSilent, 50);
    expect(counted.filter((a) => a !== null)).toHaveLength(50);
    expect(counted.filter((a) => a === null).length).toBeLessThanOrEqual(unansweredAllowed(50));
    const silent = await countAnswers(async () => null, 50);
    expect(silent.length).toBeGreaterThan(unansweredAllowed(50));
    expect(silent.length).toBeLessThanOrEqual(unansweredAllowed(50) + 8);
  });

  it('is described as status shows it', () => {
    expect(describeSplit(split(10))).toBe('blue v1 90 % · green v2 10 %');
  });
});

/** A router's side of a change, recording what was asked of it; the probe answers `share` of requests green. */
function fakeRouter(share: number, failSwitch?: Error) {
  const calls: string[] = [];
  let n = 0;
  const ops: SplitOps = {
    assertRuns: async (targets) => void calls.push(`runs? ${targets.map((t) => t.colour).join(' ')}`),
    switchTo: async (target, opts) => {
      opts.beforeChange?.('previous text');
      calls.push(`switch ${target.colour}`);
      if (failSwitch) throw failSwitch;
      return { previous: v1, appliedAt: 1, confirmedAt: 2 };
    },
    applySplit: async (wanted, beforeChange) => {
      beforeChange('previous text');
      calls.push(`split ${wanted.canaryPercent}`);
      return { appliedAt: 1 };
    },
    oldWorkersStoppedAccepting: async () => true,
    probeSession: () => ({ probe: async () => answer(n++ % 100 < share * 100 ? 'green' : 'blue'), close: () => void calls.push('closed') }),
    restoreUpstream: async (text) => void calls.push(`restore ${text}`),
    where: 'router',
  };
  return { ops, calls };
}

describe('a split change', () => {
  it('applies, counts, and returns what it saw', async () => {
    const { ops, calls } = fakeRouter(0.1);
    const saved: (string | null)[] = [];
    const result = await changeSplit(ops, split(10), { beforeChange: (text) => saved.push(text) });
    expect(calls).toEqual(['runs? blue green', 'split 10', 'closed']);
    expect(saved).toEqual(['previous text']);
    expect(result.observed).toMatchObject({ probes: 200, answered: { green: 20, blue: 180 } });
    // in effect once the old workers stopped accepting (after the reload the fake says returned at 1), before the count ended
    expect(result.effectiveAt).toBeGreaterThan(result.appliedAt);
    expect(result.effectiveAt).toBeLessThanOrEqual(result.confirmedAt);
  });

  it('0 and 100 % are a switch to one colour', async () => {
    const zero = fakeRouter(0);
    await changeSplit(zero.ops, split(0));
    const hundred = fakeRouter(1);
    await changeSplit(hundred.ops, split(100), { confirmProbes: 10 });
    expect([zero.calls, hundred.calls]).toEqual([['runs? blue', 'switch blue', 'closed'], ['runs? green', 'switch green', 'closed']]);
  });

  it('a count that refutes it puts the previous config back, then fails', async () => {
    const { ops, calls } = fakeRouter(0.5);
    const failed = await changeSplit(ops, split(10)).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SplitUnconfirmedError);
    expect((failed as Error).message).toBe(
      'router: the split blue v1 90 % · green v2 10 % was not confirmed (the canary answered 50 % of 200 probes, expected 10 % ± 9 %: blue 100 · green 100 of 200 (canary 50 %)); the previous config was put back',
    );
    expect(calls).toEqual(['runs? blue green', 'split 10', 'closed', 'restore previous text']);
  });

  it('an unconfirmed switch is put back too; a refusal before any change is not', async () => {
    const unconfirmed = fakeRouter(0, new SwitchUnconfirmedError('no probe from blue', 'previous text'));
    await expect(changeSplit(unconfirmed.ops, split(0))).rejects.toThrow(/no probe from blue\); the previous config was put back/);
    expect(unconfirmed.calls).toEqual(['runs? blue', 'switch blue', 'restore previous text']);
    const refused = fakeRouter(0, new Error('nginx -t failed'));
    await expect(changeSplit(refused.ops, split(0))).rejects.toThrow('nginx -t failed');
    expect(refused.calls).toEqual(['runs? blue', 'switch blue']);
  });
});
