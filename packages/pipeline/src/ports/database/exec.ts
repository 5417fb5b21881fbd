import { describeStop, run } from '@ferry/shared';
import { ConfigError, FerryError } from '../../errors.js';
import { clientEnv, connectionEnv, describeTarget } from './describe.js';

export interface PgResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Removes the password from anything a client printed, in case it ever echoes it. */
export function scrub(text: string, password: string): string {
  return password ? text.split(password).join('[REDACTED]') : text;
}


/** Runs a PostgreSQL client; the connection goes in the environment, never argv; output is scrubbed of the password. */
export async function runPg(
  argv: string[],
  url: string | null,
  opts: { timeoutMs?: number; input?: string; env?: Record<string, string>; name?: string; signal?: AbortSignal } = {},
): Promise<PgResult> {
  const bin = opts.name ?? argv[0]!; // for messages: a script runs as bash
  const pg = url === null ? null : connectionEnv(url);
  const env = { ...(pg ? clientEnv(pg, process.env) : process.env), ...opts.env };
  const result = await run(argv, { env, input: opts.input, signal: opts.signal, timeoutMs: opts.timeoutMs ?? 120_000, notFound: missingTool });
  const clean = (text: string) => scrub(text, pg?.PGPASSWORD ?? '');
  // Named by the program alone: a psql argv carries whole SQL scripts.
  if (result.stopped) throw new FerryError(describeStop(result, bin));
  if (result.code === null) throw new FerryError(`${bin} was killed by ${result.signal ?? 'a signal'}: ${clean(result.stderr).trim() || '(no output)'}`);
  return { code: result.code, stdout: clean(result.stdout), stderr: clean(result.stderr) };
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
