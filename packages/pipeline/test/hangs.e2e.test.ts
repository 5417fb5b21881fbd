// No call can hang forever (issue 14 §4), on the router container: an engine that stops answering during the
// health gate, a SIGTERM while a call hangs, a hang in cleanup after the switch, a second signal during the
// recovery, and the signal a CI job's cancellation sends to the command its docs tell it to run.
// The hung engine is a unix-socket proxy to the real one that stops answering chosen calls (support/hung-engine.ts).
// Times are measured from the fault (the first call left unanswered) or the signal to the exit, and asserted
// only as relations to the configured timeouts.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../src/state/lock.js';
import { CLI, ferry, spawnFerry, type FerryRun } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, type TestEnvironment } from './support/environment.js';
import { engineHanging, type HungEngine } from './support/hung-engine.js';
import { REPO_ROOT, ROUTER_IMAGE } from './support/images.js';
import { servedVersion } from './support/served-version.js';
import { waitFor } from './support/wait.js';

const REQUEST_S = 10; // engine.request_timeout
const docker = new Dockerode();
const said = (run: FerryRun) => run.stdout + run.stderr;

describe('a hung engine and signals, with the router container', () => {
  let env: TestEnvironment;
  let engine: HungEngine | undefined;
  let file: string;
  const socket = () => path.join(env.root, 'engine.sock');
  const green = () => `${env.app}-${env.env}-green`;
  const lockFile = () => path.join(env.stateDir, 'deploy.lock');

  /** The environment file with these health/deploy_timeout, health/timeout and strategy/keep_previous. */
  async function configure(deployTimeoutS: number, opts: { keepPrevious?: boolean; healthTimeoutS?: number } = {}): Promise<void> {
    const yaml = await readFile(file, 'utf8');
    await writeFile(
      file,
      yaml
        .replace(/deploy_timeout: \S+/, `deploy_timeout: ${deployTimeoutS}s`)
        .replace(/\n  timeout: \S+/, `\n  timeout: ${opts.healthTimeoutS ?? 3}s`)
        .replace(/keep_previous: \S+/, `keep_previous: ${opts.keepPrevious ?? true}`),
    );
  }

  /** The health gate's first look at the new colour (by name, after its start) and every call after it never answer. */
  const fromHealthGate = (onlyThat = false) => {
    let started = false;
    let hung = false;
    return (call: string) => {
      if (hung && !onlyThat) return true;
      if (/^POST \/containers\/[^/]+\/start/.test(call)) started = true;
      const gateLook = started && call.startsWith(`GET /containers/${green()}/json`);
      if (gateLook) hung = true;
      return onlyThat ? gateLook : hung;
    };
  };

  /**
   * `ferry deploy --tag v2` through an engine that hangs as `hangs` says; once a call hangs (and `before`, if given,
   * holds) the CLI gets `signals`, one by one; the run and the time from the last signal to its exit.
   */
  async function deploySignalled(hangs: (call: string) => boolean, signals: NodeJS.Signals[], before?: () => boolean): Promise<{ run: FerryRun; ms: number }> {
    await configure(60);
    engine = await engineHanging(socket(), hangs);
    const { child, done } = spawnFerry(env.args('deploy', '--tag', 'v2'), { DOCKER_HOST: engine.dockerHost });
    await waitFor(async () => engine!.hungAt !== null);
    for (const [index, signal] of signals.entries()) {
      if (index === signals.length - 1 && before) await waitFor(async () => before());
      child.kill(signal);
    }
    const signalled = Date.now();
    return { run: await done, ms: Date.now() - signalled };
  }

  async function lastLedgerLine(): Promise<Record<string, unknown>> {
    const lines = (await readFile(path.join(env.stateDir, 'history.jsonl'), 'utf8')).trim().split('\n');
    return JSON.parse(lines.at(-1)!);
  }

  async function expectV1ServingLockFree(): Promise<void> {
    expect(await readLock(lockFile())).toEqual({ state: 'free' });
    expect(await servedVersion(env.routerUrl)).toBe('v1');
  }

  beforeAll(async () => {
    env = await makeEnvironment(`engine:\n  request_timeout: ${REQUEST_S}s\n`, { monitor: '1s' });
    file = path.join(env.environmentsDir, `${env.env}.yaml`);
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`));
    const first = await ferry(env.args('deploy', '--tag', 'v1'));
    expect(first.code, said(first)).toBe(0);
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    // what a failed recovery on the hung engine left (said in its message): gone before the next case
    await docker.getContainer(green()).remove({ force: true }).catch(() => undefined);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('health.deploy_timeout bounds the health gate while the engine hangs: ends within deploy_timeout + one request_timeout, exit 3 naming the call, v1 still serves, lock free', async () => {
    const [deployTimeoutS, healthTimeoutS] = [4, 1];
    await configure(deployTimeoutS, { healthTimeoutS });
    engine = await engineHanging(socket(), fromHealthGate());
    const run = await ferry(env.args('deploy', '--tag', 'v2'), { DOCKER_HOST: engine.dockerHost });
    const ms = Date.now() - engine.hungAt!;
    console.log(`hang in the health gate: fault → exit ${ms} ms (deploy_timeout ${deployTimeoutS}s, health.timeout ${healthTimeoutS}s, request_timeout ${REQUEST_S}s), exit ${run.code}`);
    expect(run.code, said(run)).toBe(3);
    expect(said(run)).toContain(
      `did not become healthy within ${deployTimeoutS * 1000} ms: the Docker engine at ${engine.dockerHost} did not answer (inspect container ${green()}) by health.deploy_timeout + health.timeout`,
    );
    expect(said(run)).toMatch(/RECOVERY FAILED: .*did not answer remove container \S+ within 10s/);
    // the gate is cut at deploy_timeout (+ the last check's health.timeout), no logs are asked of a hung engine, and the undo's one call is bounded by request_timeout
    expect(ms).toBeGreaterThanOrEqual(deployTimeoutS * 1000);
    expect(ms).toBeLessThan((deployTimeoutS + healthTimeoutS + REQUEST_S + REQUEST_S / 2) * 1000);
    expect(await lastLedgerLine()).toMatchObject({ tag: 'v2', outcome: 'failed_unrecovered' });
    await expectV1ServingLockFree();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s while the health gate waits on a hung engine call cancels that call: rolled back (exit 1) well before request_timeout, lock free', async (signal) => {
    const { run, ms } = await deploySignalled(fromHealthGate(true), [signal]);
    console.log(`${signal} on a hung inspect: signal → exit ${ms} ms (request_timeout ${REQUEST_S}s), exit ${run.code}`);
    expect(run.code, said(run)).toBe(1);
    expect(said(run)).toContain(`inspect container ${green()} on the Docker engine at ${engine!.dockerHost} was cut short (interrupted by ${signal})`);
    expect(said(run)).toContain('Rolled back: v1 on blue still serves.');
    expect(ms).toBeLessThan((REQUEST_S * 1000) / 2);
    expect(await lastLedgerLine()).toMatchObject({ tag: 'v2', outcome: 'rolled_back' });
    expect(await docker.getContainer(green()).inspect().catch(() => null)).toBeNull();
    await expectV1ServingLockFree();
  });

  it('SIGTERM while the whole engine hangs: the undo one call is bounded by request_timeout, exit 3 with the truth (v1 serves), lock free', async () => {
    const { run, ms } = await deploySignalled(fromHealthGate(), ['SIGTERM']);
    console.log(`SIGTERM on a hung engine: signal → exit ${ms} ms (request_timeout ${REQUEST_S}s), exit ${run.code}`);
    expect(run.code, said(run)).toBe(3);
    expect(said(run)).toMatch(/RECOVERY FAILED: .*did not answer remove container \S+ within 10s/);
    expect(ms).toBeGreaterThanOrEqual(REQUEST_S * 1000);
    expect(ms).toBeLessThan(REQUEST_S * 1000 * 1.5);
    expect(await lastLedgerLine()).toMatchObject({ tag: 'v2', outcome: 'failed_unrecovered' });
    await expectV1ServingLockFree();
  });

  it('a second SIGTERM during a recovery that hangs abandons it: a ledger line "abandoned" is written first, exit 3, the lock is free, history shows it', async () => {
    // the second comes once the recovery's removal of the new colour is the call that hangs
    const recovering = () => engine!.calls.some((call) => call.startsWith(`DELETE /containers/${green()}`));
    const { run, ms } = await deploySignalled(fromHealthGate(), ['SIGTERM', 'SIGTERM'], recovering);
    console.log(`second SIGTERM during a hung recovery: signal → exit ${ms} ms (request_timeout ${REQUEST_S}s), exit ${run.code}`);
    expect(run.code, said(run)).toBe(3);
    expect(ms).toBeLessThan((REQUEST_S * 1000) / 2);
    expect(said(run)).toMatch(/abandon/);
    const line = await lastLedgerLine();
    expect(line).toMatchObject({ tag: 'v2', outcome: 'abandoned' });
    expect(String(line.reason)).toMatch(/SIGTERM/);
    await expectV1ServingLockFree();
    const history = await ferry(env.args('history'));
    expect(history.code, said(history)).toBe(0);
    expect(history.stdout).toMatch(/v2.*abandoned/);
  });

  it('the documented CI command passes SIGTERM to the CLI: `exec node packages/pipeline/dist/cli.js deploy` signalled mid health gate rolls back, lock free', async () => {
    await configure(60);
    engine = await engineHanging(socket(), () => false); // answers everything: it only shows when the gate looks
    const gate = fromHealthGate(true);
    const command = ['exec', 'node', path.relative(REPO_ROOT, CLI), ...env.args('deploy', '--tag', 'broken')].join(' ');
    const child = spawn('sh', ['-c', command], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: engine.dockerHost }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(async () => engine!.calls.some(gate));
    child.kill('SIGTERM');
    const code = await exited;
    expect(code, output).toBe(1);
    expect(output).toContain('SIGTERM: cancelling');
    expect(output).toContain('Rolled back: v1 on blue still serves.');
    expect(await lastLedgerLine()).toMatchObject({ tag: 'broken', outcome: 'rolled_back' });
    await expectV1ServingLockFree();
  });

  it('a hang in cleanup after the switch is bounded and leaves the outcome: exit 0 with a warning naming what was not cleaned, v2 serves, lock free', async () => {
    await configure(60, { keepPrevious: false });
    // cleanup's removal of the old colour and every call after it never answer
    const [blue] = await docker.listContainers({ all: true, filters: { name: [`${env.app}-${env.env}-blue`] } });
    let hung = false;
    engine = await engineHanging(socket(), (call) => (hung ||= call.startsWith(`DELETE /containers/${blue!.Id}`)));
    const run = await ferry(env.args('deploy', '--tag', 'v2'), { DOCKER_HOST: engine.dockerHost });
    const ms = Date.now() - engine.hungAt!;
    console.log(`hang in cleanup: fault → exit ${ms} ms (request_timeout ${REQUEST_S}s), exit ${run.code}`);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toMatch(/succeeded_with_warnings \(exit 0\)/);
    expect(said(run)).toMatch(new RegExp(`warning: .*did not answer remove container \\S+`));
    expect(ms).toBeLessThan(REQUEST_S * 1000 * 1.5);
    expect(await lastLedgerLine()).toMatchObject({ tag: 'v2', outcome: 'succeeded' });
    expect(await readLock(lockFile())).toEqual({ state: 'free' });
    expect(await servedVersion(env.routerUrl)).toBe('v2');
  });
});
