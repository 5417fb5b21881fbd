import { execFile } from 'node:child_process';
import { ConfigError, FerryError } from '../../errors.js';
import { connectionEnv, describeTarget, type PgEnv } from './describe.js';

export interface PgResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Removes the password from anything a client printed, in case it ever echoes it. */
export function scrub(text: string, password: string): string {
  return password ? text.split(password).join('[REDACTED]') : text;
}

/** The parent environment without any PG* variable (a stray PGSERVICE would redirect us), plus ours. */
function childEnv(pg: PgEnv): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
  return { ...inherited, ...pg, PGCONNECT_TIMEOUT: '10' };
}

/** Runs a PostgreSQL client without a shell; the connection goes in the environment, never argv. */
export function runPg(argv: string[], url: string | null, opts: { timeoutMs?: number } = {}): Promise<PgResult> {
  const [bin, ...args] = argv as [string, ...string[]];
  const pg = url === null ? null : connectionEnv(url);
  const env = pg ? childEnv(pg) : process.env;
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, timeout: opts.timeoutMs ?? 120_000, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code as unknown;
      const clean = (text: string) => scrub(text, pg?.PGPASSWORD ?? '');
      if (!error || typeof code === 'number') {
        resolve({ code: typeof code === 'number' ? code : 0, stdout: clean(stdout), stderr: clean(stderr) });
      } else if (code === 'ENOENT') {
        reject(missingTool(bin));
      } else if ((error as { killed?: boolean }).killed) {
        reject(new FerryError(`${bin} did not finish within ${opts.timeoutMs ?? 120_000}ms and was killed`));
      } else {
        reject(new FerryError(`could not run ${bin}: ${clean(error.message)}`));
      }
    });
  });
}

export function missingTool(bin: string): ConfigError {
  return new ConfigError(`${bin} is not installed (not found on PATH); install it with: apt-get install postgresql-client`);
}

/** Throws a FerryError naming the step, the target (no password) and what the client said. */
export function ensureOk(what: string, url: string, result: PgResult): PgResult {
  if (result.code === 0) return result;
  const said = result.stderr.trim() || result.stdout.trim() || '(no output)';
  throw new FerryError(`${what} on ${describeTarget(connectionEnv(url))} failed (exit ${result.code}): ${said}`);
}
