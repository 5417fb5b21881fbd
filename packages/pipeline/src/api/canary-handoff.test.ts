import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import { takeCanaryRequest } from '../state/canary-control.js';
import { acquireLock, type AcquiredLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { describeHandoff, handToRunningDeploy } from './canary-handoff.js';

// real files and a real OS lock in a temp state dir; the "running canary" is a loop taking requests like steps/canary.ts
let stateDir: string;
let lock: AcquiredLock | undefined;
const config = () => ({ name: 'test', stateDir }) as EnvironmentConfig;

beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-handoff-'));
});
afterEach(async () => {
  await lock?.release();
  lock = undefined;
  await rm(stateDir, { recursive: true, force: true });
});

describe('handToRunningDeploy', () => {
  it('is null when no deploy holds the lock: the command runs on its own', async () => {
    expect(await handToRunningDeploy(config(), 'promote')).toBeNull();
    lock = await acquireLock(statePaths(stateDir).lockFile, 'ferry rollback --env test');
    expect(await handToRunningDeploy(config(), 'promote')).toBeNull();
  });

  it.each(['ferry deploy --env test --tag v2', 'pnpm pipeline: ferry deploy --env test --tag v2'])('hands the request to the canary of the deploy holding the lock (%s), which takes it', async (command) => {
    lock = await acquireLock(statePaths(stateDir).lockFile, command);
    let taken: string | null = null;
    const canary = (async () => {
      while (taken === null) {
        taken = await takeCanaryRequest(statePaths(stateDir).canaryControl);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const handoff = await handToRunningDeploy(config(), 'abort');
    await canary;
    expect(handoff).toMatchObject({ taken: true, holder: { command } });
    expect(taken).toBe('abort');
    expect(describeHandoff('abort', handoff!)).toMatch(/^the running canary \(pid \d+ on .*\) took the abort request: it puts its weight back to 0 and removes the canary; its own output and exit code say how it ends$/);
  });

  it('withdraws a request no canary took in time, so no later canary acts on it', async () => {
    lock = await acquireLock(statePaths(stateDir).lockFile, 'ferry deploy --env test --tag v2');
    const handoff = await handToRunningDeploy(config(), 'promote', 300);
    expect(handoff).toMatchObject({ taken: false });
    expect(describeHandoff('promote', handoff!)).toMatch(/^ferry promote: the deploy holding the lock \(pid \d+ .*\) did not take the request within 15 s: it runs no canary step now/);
    await expect(readFile(statePaths(stateDir).canaryControl, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('takeCanaryRequest', () => {
  it('ignores a request whose asker is gone, and anything that is not a request', async () => {
    const file = statePaths(stateDir).canaryControl;
    await writeFile(file, 'promote 999999999\n'); // no such pid
    expect(await takeCanaryRequest(file)).toBeNull();
    await writeFile(file, `reboot ${process.pid}\n`);
    expect(await takeCanaryRequest(file)).toBeNull();
    await writeFile(file, `promote ${process.pid}\n`);
    expect(await takeCanaryRequest(file)).toBe('promote');
    expect(await takeCanaryRequest(file)).toBeNull(); // taken once
  });
});
