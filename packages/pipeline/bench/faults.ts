// pnpm bench:faults [a,b,…] — issue 14's fault set against the real local engine, the router container and the
// built CLI as a user runs it: each fault in a fresh environment of its own (app name, loopback port) under a
// bounded load on the router, then the next command a user would run. Prints one table: failed requests, time to
// recovery, whether the next command converged and what it said, exit codes. It measures, never asserts: a fault
// Ferry handles badly today is printed as it is. A watchdog bounds each fault (BENCH_FAULTS_WATCHDOG_S, 300).
import Dockerode from 'dockerode';
import buildImages from '../test/support/global-setup.js';
import { BROKEN_TAG, E2E_IMAGE, GOOD_TAGS, ROUTER_IMAGE } from '../test/support/images.js';
import { renderTable, type Row } from './fault-figures.js';
import { activeKilled, routerDrift, routerNginxKilled, stateDirDeleted, type Fault } from './fault-cases-truth.js';
import { hungEngine, ledgerDamage, nearlyFullStateDir, nullLock, sigtermMidGate } from './fault-cases-damage.js';
import { makeScene, RATE, teardown, untagBenchImages } from './fault-scene.js';

const FAULTS: Fault[] = [routerDrift, stateDirDeleted, activeKilled, ledgerDamage, nullLock, routerNginxKilled, sigtermMidGate, hungEngine, nearlyFullStateDir];
const WATCHDOG_S = Number(process.env.BENCH_FAULTS_WATCHDOG_S ?? 300);
const chosen = process.argv[2]?.split(',');

/** One fault in its own scene, bounded by the watchdog; the scene is torn down whatever happened. */
async function measure(fault: Fault, cleanup: string[]): Promise<Row> {
  const label = `${fault.id}. ${fault.title}`;
  const scene = await makeScene(fault.extraYaml ?? '');
  let timer: NodeJS.Timeout | undefined;
  try {
    const watchdog = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), WATCHDOG_S * 1000)));
    const faulted = async () => {
      for (const tag of fault.releases) await scene.deploy(tag);
      return fault.run(scene);
    };
    const result = await Promise.race([faulted(), watchdog]);
    if (result !== 'hung') return { fault: label, ...result };
    scene.abort();
    return { fault: label, requests: '-', recovery: `hung > ${WATCHDOG_S} s`, converged: `no — the fault did not end within ${WATCHDOG_S} s (watchdog)`, exits: '-' };
  } catch (error) {
    scene.abort();
    return { fault: label, requests: '-', recovery: 'n/a', converged: `not measured — the bench failed setting the scene: ${(error as Error).message.split('\n')[0]}`, exits: '-' };
  } finally {
    clearTimeout(timer);
    const problems = await teardown(scene);
    cleanup.push(`${fault.id}: ${problems.length === 0 ? 'removed (ferry remove --purge; no container or network left)' : problems.join('; ')}`);
  }
}

/** The shared e2e images, built only when one is missing (other sessions use them: never rebuilt under them for nothing). */
async function ensureImages(): Promise<void> {
  const docker = new Dockerode();
  const refs = [ROUTER_IMAGE, ...[...GOOD_TAGS.slice(0, 4), BROKEN_TAG].map((tag) => `${E2E_IMAGE}:${tag}`)];
  const missing = await Promise.all(refs.map((ref) => docker.getImage(ref).inspect().then(() => false, () => true)));
  if (missing.some(Boolean)) await buildImages();
}

async function main(): Promise<void> {
  await ensureImages();
  const info = await new Dockerode().version();
  const faults = FAULTS.filter((fault) => !chosen || chosen.includes(fault.id));
  const rows: Row[] = [];
  const cleanup: string[] = [];
  try {
    for (const fault of faults) {
      const started = Date.now();
      const row = await measure(fault, cleanup);
      rows.push(row);
      console.error(`[bench:faults] ${fault.id} done in ${Math.round((Date.now() - started) / 1000)} s: ${row.converged.slice(0, 120)}`);
    }
  } finally {
    await untagBenchImages();
  }
  console.log(`ferry bench:faults — ${faults.length} faults, each in a fresh environment: router container (${ROUTER_IMAGE}), local engine (docker ${info.Version}), the built CLI, ${RATE} req/s on loopback through the router, node ${process.version}`);
  console.log(renderTable(rows));
  console.log('time to recovery: from the fault to the first good answer to a request sent after the last failed one (0: none failed)');
  console.log('converged: the next command ended where a user needs it (the new release serves, or a refusal that changed nothing) with no failed request');
  console.log(`cleanup: ${cleanup.join(' | ')}`);
}

await main();
process.exit(0); // an abandoned fault's poll (watchdog) must not keep the bench alive after its table
