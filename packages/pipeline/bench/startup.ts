// pnpm bench:startup [N] — the CLI's start-up cost, whole process, wall clock and CPU, printed side by side in
// one run: bare node, `ferry --version`, `ferry status --help`, and `ferry rollback --to v1 --yes` on an
// environment file of its own up to its first engine call (the engine is an absent socket, so it stops there:
// process start, the rollback command's modules, config, state, the flow's first step). Each as the `ferry`
// bin runs it (the bundle, dist/cli.js) and unbundled (tsc's output, dist/main.js), and with FERRY_BASELINE_CLI=<a cli.js>
// as that build runs it (e.g. main's, before a change). Rounds are interleaved.
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI } from '../test/support/ferry.js';
import { makeEnvironment } from '../test/support/environment.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const UNBUNDLED = path.join(path.dirname(CLI), 'main.js');
const BASELINE = process.env.FERRY_BASELINE_CLI;

interface Sample { wall: number; cpu: number }
interface Row { label: string; argv: string[]; env?: NodeJS.ProcessEnv; expect?: number; group?: string; cli?: string }

function once(argv: string[], env: NodeJS.ProcessEnv): Promise<Sample & { code: number | null }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--require', CPU_PRELOAD, ...argv], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - start;
      const cpu = Number(/__cpu ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ wall, cpu, code });
    });
  });
}
// CPU of the process itself (user + system), written to stderr as it exits: the same preload for every row
const CPU_PRELOAD = path.join(process.env.TMPDIR ?? '/tmp', `ferry-bench-cpu-${process.pid}.cjs`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  await writeFile(CPU_PRELOAD, "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(2, '\\n__cpu ' + (u.user + u.system) / 1000 + '\\n'); });\n");
  const env = await makeEnvironment();
  const rollback = env.args('rollback', '--to', 'v1', '--yes');
  const engineless = { DOCKER_HOST: `unix://${path.join(env.root, 'no-engine.sock')}` };
  // each command as the bin runs it, as tsc left it, and as another build runs it (FERRY_BASELINE_CLI, e.g. main's dist/cli.js)
  const clis: [string, string][] = [['bundle', CLI], ['unbundled', UNBUNDLED], ...(BASELINE ? [['baseline', BASELINE] as [string, string]] : [])];
  const commands: { label: string; args: string[]; env?: NodeJS.ProcessEnv; expect?: number }[] = [
    { label: 'ferry --version', args: ['--version'], expect: 0 },
    { label: 'ferry status --help', args: ['status', '--help'], expect: 0 },
    { label: 'rollback to 1st engine call', args: rollback, env: engineless },
  ];
  const rows: Row[] = [{ label: 'bare node (node -e 0)', argv: ['-e', '0'], expect: 0 }];
  for (const command of commands) for (const [name, cli] of clis) rows.push({ ...command, label: `${command.label}, ${name}`, argv: [cli, ...command.args], group: command.label, cli: name });
  const samples = rows.map(() => [] as Sample[]);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, row] of rows.entries()) {
        const sample = await once(row.argv, row.env ?? {});
        if (row.expect !== undefined && sample.code !== row.expect) throw new Error(`${row.label}: exit ${sample.code}`);
        if (row.expect === undefined && sample.code === 0) throw new Error(`${row.label}: exit 0, expected the absent engine to stop it`);
        samples[i]!.push(sample);
      }
    }
  } finally {
    await env.cleanup();
    await rm(CPU_PRELOAD, { force: true });
  }
  const base = median(samples[0]!.map((s) => s.wall));
  console.log(`start-up, ${ROUNDS} interleaved rounds (median; "over node" = wall minus bare node's)`);
  console.log(`${'command'.padEnd(40)} ${'wall ms'.padStart(8)} ${'over node'.padStart(10)} ${'cpu ms'.padStart(8)}`);
  for (const [i, row] of rows.entries()) {
    const wall = median(samples[i]!.map((s) => s.wall));
    const cpu = median(samples[i]!.map((s) => s.cpu));
    console.log(`${row.label.padEnd(40)} ${wall.toFixed(0).padStart(8)} ${(wall - base).toFixed(0).padStart(10)} ${cpu.toFixed(0).padStart(8)}`);
  }
  const wallOf = (group: string, cli: string) => median(samples[rows.findIndex((r) => r.group === group && r.cli === cli)]!.map((s) => s.wall));
  for (const { label } of commands) {
    console.log(`${label}: ${clis.slice(1).map(([name]) => `${name} / bundle = ${(wallOf(label, name) / wallOf(label, 'bundle')).toFixed(2)}×`).join(', ')}`);
  }
}

await main();
