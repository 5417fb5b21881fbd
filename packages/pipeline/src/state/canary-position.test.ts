import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp-dirs.js';
import { canaryStepOf, describeCanaryStep, readCanaryPosition, writeCanaryPosition, type CanaryPositionRecord } from './canary-position.js';
import type { LockStatus } from './lock.js';

const tmp = tempDirs('ferry-canary-position-');
const split = { stable: { colour: 'blue', port: 18081, version: 'v3' }, canary: { colour: 'green', port: 18082, version: 'v4' }, canaryPercent: 25 } as const;
const record: CanaryPositionRecord = { pid: 4242, step: 2, steps: 4, weight: 25, canary: { colour: 'green', version: 'v4' }, paused: false };
const holder = { pid: 4242, host: 'h', command: 'ferry deploy --env e --tag v4', startedAt: 'now' };
const held: LockStatus = { state: 'held', holder };

describe('the running canary’s step, for ferry status', () => {
  it('is read back as written; a torn or foreign file counts as no record', async () => {
    const file = path.join(await tmp(), 'canary-step.json');
    expect(await readCanaryPosition(file)).toBeNull();
    await writeCanaryPosition(file, record);
    expect(await readCanaryPosition(file)).toEqual(record);
    await writeFile(file, '{"pid": 4242, "step": 2');
    expect(await readCanaryPosition(file)).toBeNull();
    await writeFile(file, JSON.stringify({ ...record, step: 'two' }));
    expect(await readCanaryPosition(file)).toBeNull();
  });

  it('shows the step while the deploy that recorded it holds the lock and the router has its weight and canary', () => {
    expect(describeCanaryStep(canaryStepOf(split, record, held))).toBe('canary step 2/4: 25 % to green (v4)');
    expect(describeCanaryStep(canaryStepOf(split, { ...record, paused: true }, held))).toBe('canary step 2/4: 25 % to green (v4), paused until ferry promote or ferry abort');
  });

  it('never invents a step: a killed deploy, another holder, another weight or canary leave it unknown', () => {
    const killed = 'canary step unknown: 25 % to green (v4); no deploy runs it any more (killed?): the router keeps the split as it was';
    const unrecorded = 'canary step unknown: 25 % to green (v4); the command holding the lock recorded no step for this split';
    expect(describeCanaryStep(canaryStepOf(split, record, { state: 'stale', holder }))).toBe(killed);
    expect(describeCanaryStep(canaryStepOf(split, record, { state: 'free' }))).toBe(killed);
    expect(canaryStepOf(split, record, { state: 'held', holder: { ...holder, pid: 7 } })).toMatchObject({ step: null, unknownWhy: expect.stringContaining('recorded no step') });
    for (const other of [null, { ...record, weight: 10 }, { ...record, canary: { colour: 'green', version: 'v5' } }, { ...record, canary: { colour: 'blue', version: 'v4' } }] as const) {
      expect(describeCanaryStep(canaryStepOf(split, other, held))).toBe(unrecorded);
    }
  });
});
