import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { appendFile, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectionEnv } from '../../src/ports/database/describe.js';

const run = promisify(execFile);

export interface TestPostgres {
  url: string; // postgres://postgres:<password>@127.0.0.1:<port>/app
  password: string;
  port: number;
  stop(): Promise<void>;
}

/** The server binaries: PATH first, then the highest /usr/lib/postgresql/<ver>/bin (Debian's layout). */
export function findServerBin(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found on PATH or in /usr/lib/postgresql/*/bin; install it with: apt-get install postgresql`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, use the `postgres` OS user, or create `ferrypg` once. */
async function serverUser(): Promise<string | null> {
  if (process.getuid?.() !== 0) return null;
  for (const user of ['postgres', 'ferrypg']) {
    try {
      await run('id', ['-u', user]);
      return user;
    } catch {
      // no such user
    }
  }
  await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'ferrypg']);
  return 'ferrypg';
}

/** argv run as `user` when we are root, as ourselves otherwise. */
const asUser = (user: string | null, argv: string[]) => (user ? ['runuser', '-u', user, '--', ...argv] : argv);

async function exec(argv: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<void> {
  const [bin, ...args] = argv as [string, ...string[]];
  await run(bin, args, { timeout: timeoutMs, env: env ?? process.env });
}

/** A throwaway PostgreSQL on 127.0.0.1:<free port> with password auth and an empty database `app`. */
export async function startPostgres(): Promise<TestPostgres> {
  const user = await serverUser();
  const dir = await mkdtemp(join(tmpdir(), 'ferry-pg-'));
  const data = join(dir, 'data');
  const password = `p@ss:/${randomBytes(12).toString('base64url')}`; // URL-special characters on purpose
  const pwfile = join(dir, 'pwfile');
  const log = join(dir, 'server.log');
  const pgCtl = findServerBin('pg_ctl');
  let started = false;
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) await exec(['chown', '-R', `${user}:`, dir], 10_000);
    await chmod(dir, 0o700);
    await exec(asUser(user, [findServerBin('initdb'), '--pgdata', data, '--username', 'postgres', '--auth', 'scram-sha-256', '--pwfile', pwfile, '--encoding', 'UTF8', '--locale', 'C']), 120_000);
    await rm(pwfile);
    const port = await freePort();
    // Appended settings win over the defaults above them; TCP only on loopback, sockets in our dir.
    await appendFile(join(data, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\n`);
    await exec(asUser(user, [pgCtl, '--pgdata', data, '--log', log, '--wait', '--timeout', '60', 'start']), 90_000);
    started = true;
    const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: password, PGDATABASE: 'postgres' };
    await exec(['psql', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--command', 'create database app'], 30_000, env);
    const stop = async () => {
      try {
        await exec(asUser(user, [pgCtl, '--pgdata', data, '--mode', 'fast', '--wait', '--timeout', '60', 'stop']), 90_000);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/app`, password, port, stop };
  } catch (error) {
    const serverLog = await readFile(log, 'utf8').catch(() => '(no server log)');
    if (started) await exec(asUser(user, [pgCtl, '--pgdata', data, '--mode', 'immediate', 'stop']), 60_000).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw new Error(`could not start a test PostgreSQL: ${(error as Error).message}\n${serverLog.slice(-2000)}`);
  }
}

/** A psql session running `statement` every 50 ms, like the live app writing; its errors are its own. */
export function startWriter(url: string, statement: string): { stop(): Promise<void> } {
  const writer = spawn('psql', ['--no-psqlrc', '--quiet'], { env: { ...process.env, ...connectionEnv(url) }, stdio: ['pipe', 'ignore', 'ignore'] });
  writer.stdin.on('error', () => undefined);
  const timer = setInterval(() => writer.stdin.write(`${statement}\n`), 50);
  return {
    stop: async () => {
      clearInterval(timer);
      writer.stdin.end();
      await new Promise((resolve) => (writer.exitCode === null ? writer.once('exit', resolve) : resolve(null)));
    },
  };
}
