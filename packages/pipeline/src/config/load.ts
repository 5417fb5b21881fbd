import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { pathIssues, relationIssues } from './cross-checks.js';
import { displayPath, findEnvironmentFile } from './environment-files.js';
import { unreadableDotenvLines } from './dotenv-lines.js';
import { filePlace, placeProblem } from './file-place.js';
import { formatIssues, zodIssues } from './format-issues.js';
import { interpolate, type Reference } from './interpolate.js';
import type { Issue, KeyPath } from './issues.js';
import { lineOf } from './locate.js';
import { normalise } from './normalise.js';
import { resolveEngine } from './engine.js';
import { normaliseTls, tlsMaterialIssues } from './router-tls.js';
import { routerReachIssues } from './router-address.js';
import { settleRuntime } from './router-runtime.js';
import { environmentSchema } from './schema.js';
import { secretReferenceIssues } from './secret-references.js';
import { unusedKeyWarnings } from './unused-keys.js';
import { settleStateDir, stateDirIssues, stateHome } from './settle-state-dir.js';
import { defaultStateDir } from './state-dir.js';
import type { EnvironmentConfig } from './types.js';

export interface LoadOptions {
  environmentsDir: string;
  env: string;
  processEnv?: NodeJS.ProcessEnv;
}

/** Reads, interpolates and validates `<environmentsDir>/<env>.yaml`; every problem is one ConfigError. */
export async function loadEnvironment({ environmentsDir, env, processEnv = process.env }: LoadOptions): Promise<EnvironmentConfig> {
  const file = await findEnvironmentFile(environmentsDir, env);
  return loadEnvironmentFile(file, env, processEnv);
}

export async function loadEnvironmentFile(file: string, name: string, processEnv: NodeJS.ProcessEnv): Promise<EnvironmentConfig> {
  const shown = displayPath(file);
  const place = placeProblem(await filePlace(file, path.dirname(file), shown));
  if (place) throw new ConfigError(`${place.message}; ${place.fix}`);
  const lines = new LineCounter();
  const doc = parseDocument(await readFile(file, 'utf8'), { lineCounter: lines, prettyErrors: true });
  // Only the first syntax error: the ones after it are usually its echoes.
  const [syntax] = doc.errors;
  // its first line only: the parser's next lines quote the file's text, never echoed (the file and line name it)
  if (syntax) throw new ConfigError(`${shown}:${syntax.linePos?.[0].line ?? 1} invalid YAML: ${syntax.message.split('\n')[0]!.trimEnd().replace(/:$/, '')}`);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    throw new ConfigError(`${shown}: the file is empty; it needs at least app, image, container and router (see environments/local.yaml)`);
  }
  if (!isMap(contents)) {
    const found = isSeq(contents) ? 'a list' : 'a single value';
    throw new ConfigError(`${shown}:${lineOf(doc, lines, [])} (top level): should be a mapping of keys (app:, image:, ...), found ${found}; write "key: value" lines at the top level`);
  }
  const fail = (issues: Issue[]) => new ConfigError(formatIssues(shown, issues, (p: KeyPath) => lineOf(doc, lines, p)));

  const issues: Issue[] = [];
  const references: Reference[] = [];
  const data = interpolate(toPlain(doc, shown), processEnv, issues, [], references);
  const parsed = environmentSchema.safeParse(data);
  if (!parsed.success) issues.push(...zodIssues(parsed.error, environmentSchema, data));
  if (issues.length > 0 || !parsed.success) throw fail(issues);
  const { defaulted: runtimeDefaulted } = settleRuntime(parsed.data);

  const dir = path.dirname(file);
  issues.push(...(await pathIssues(parsed.data, dir)));
  const envFile = parsed.data.container.env_file;
  const envFileFound = envFile !== undefined && !issues.some((issue) => issue.path.join('/') === 'container/env_file');
  const envFileText = envFileFound ? await readFile(path.resolve(dir, envFile), 'utf8') : '';
  issues.push(...unreadableDotenvLines(envFileText).map((line) => ({
    path: ['container', 'env_file'],
    message: `${envFile}:${line} is not a NAME=value line (dotenv would skip it; its text is not shown)`,
    hint: 'write NAME=value, or start the line with # to make it a comment',
  })));
  const envFileVars = envFileFound ? parseDotenv(envFileText) : {};
  issues.push(...relationIssues(parsed.data, envFileVars), ...secretReferenceIssues(parsed.data, references));
  if (issues.length > 0) throw fail(issues);
  const tls = parsed.data.router.tls;
  issues.push(...(await tlsMaterialIssues(tls && normaliseTls(tls, dir), processEnv)));
  if (issues.length > 0) throw fail(issues);
  const defaultDir = defaultStateDir(parsed.data.app, name, stateHome(processEnv));
  const engine = resolveEngine(parsed.data.engine.host, processEnv, shown);
  const { runtime, listen, public_url: publicUrl, tls: routerTls } = parsed.data.router;
  const reachIssues = routerReachIssues({ runtime: runtime ?? 'container', listen, tls: routerTls !== undefined, ...(publicUrl && { publicUrl }) }, engine.host, engine.source);
  if (reachIssues.length > 0) throw fail(reachIssues);
  const config = normalise(parsed.data, { name, file, envFileVars, defaultStateDir: defaultDir, engine, runtimeDefaulted, warnings: unusedKeyWarnings(parsed.data, runtimeDefaulted) });
  const stateIssues = await stateDirIssues(config, defaultDir);
  if (stateIssues.length > 0) throw fail(stateIssues);
  await settleStateDir(config, parsed.data.state_dir === undefined);
  return config;
}

// toJS refuses alias bombs ("Excessive alias count"); that is bad input, not a crash.
function toPlain(doc: Document, shown: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new ConfigError(`${shown}: invalid YAML: ${(error as Error).message}; expand the aliases (*name) by hand`);
  }
}
