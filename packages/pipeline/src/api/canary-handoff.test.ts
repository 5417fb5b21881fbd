import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../config/types.js';
import { takeCanaryRequest } from '../state/canary-control.js';
import { acquireLock, type AcquiredLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { handToRunningDeploy } from './canary-handoff.js';

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

  it('hands the request to the canary of the deploy holding the lock, which takes it', async () => {
    lock = await acquireLock(statePaths(stateDir).lockFile, 'ferry deploy --env test --tag v2');
    let taken: string | null = null;
    const canary = (async () => {
      while (taken === null) {
        taken = await takeCanaryRequest(statePaths(stateDir).canaryControl);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const handoff = await handToRunningDeploy(config(), 'abort');
    await canary;
    expect(handoff).toMatchObject({ taken: true, holder: { command: 'ferry deploy --env test --tag v2' } });
    expect(taken).toBe('abort');
  });

  it('withdraws a request no canary took in time, so no later canary acts on it', async () => {
    lock = await acquireLock(statePaths(stateDir).lockFile, 'ferry deploy --env test --tag v2');
    expect(await handToRunningDeploy(config(), 'promote', 300)).toMatchObject({ taken: false });
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
