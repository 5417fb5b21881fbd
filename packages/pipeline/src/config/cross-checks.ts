import { validateThresholds } from '../ports/loadtest/thresholds.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatDuration } from './duration.js';
import { filePlace, placeProblem } from './file-place.js';
import type { Issue } from './issues.js';
import { previewListenIssues } from './preview-listen.js';
import { replicasIssues } from './replicas-check.js';
import { tlsShapeIssues } from './router-tls.js';
import { snippetIssues } from './snippet-check.js';
import type { EnvironmentFile } from './schema.js';

// Rules that span several keys or touch the file system; they run once the shape is valid.

/** Files and directories the environment refers to, resolved against the environment file's dir. */
export async function pathIssues(file: EnvironmentFile, dir: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  const build = file.image.build;
  if (build) {
    const context = path.resolve(dir, build.context);
    const dockerfile = path.resolve(context, build.dockerfile);
    if (!(await isKind(context, 'directory'))) {
      issues.push({
        path: ['image', 'build', 'context'],
        message: `directory not found: ${context}`,
        hint: `the context is relative to ${dir}; create it or fix the path`,
      });
    } else if (path.relative(context, dockerfile).startsWith('..')) {
      issues.push({ path: ['image', 'build', 'dockerfile'], message: `should be inside the build context ${context}`, hint: 'e.g. dockerfile: Dockerfile' });
    } else if (!(await isKind(dockerfile, 'file'))) {
      issues.push({
        path: ['image', 'build', 'dockerfile'],
        message: `file not found: ${dockerfile}`,
        hint: 'the dockerfile is relative to the build context; create it or fix the path',
      });
    }
  }
  if (file.container.env_file !== undefined) {
    const envFile = path.resolve(dir, file.container.env_file);
    const place = placeProblem(await filePlace(envFile, dir, file.container.env_file));
    if (place) {
      issues.push({ path: ['container', 'env_file'], message: place.message, hint: place.fix });
    } else if (!(await isKind(envFile, 'file'))) {
      issues.push({
        path: ['container', 'env_file'],
        message: `file not found: ${envFile}`,
        hint: `env_file is relative to ${dir}; create it (plain KEY=value lines) or remove the key`,
      });
    }
  }
  return issues;
}

/** Rules between keys; `envFileVars` are the variables read from env_file (if any). */
export function relationIssues(file: EnvironmentFile, envFileVars: Record<string, string>): Issue[] {
  const issues: Issue[] = [];
  if (file.loadtest) issues.push(...validateThresholds(file.loadtest.thresholds, ['loadtest', 'thresholds']));
  issues.push(...colourPortIssues(file));
  const { interval, timeout, deploy_timeout: deployTimeout } = file.health;
  if (deployTimeout < interval) {
    issues.push({
      path: ['health', 'deploy_timeout'],
      message: `should be at least health/interval (${formatDuration(deployTimeout)} < ${formatDuration(interval)})`,
      hint: 'the deploy waits deploy_timeout for health checks taken every interval; raise deploy_timeout',
    });
  }
  if (timeout > deployTimeout) {
    issues.push({
      path: ['health', 'timeout'],
      message: `should be at most health/deploy_timeout (${formatDuration(timeout)} > ${formatDuration(deployTimeout)})`,
      hint: 'one health request cannot outlast the whole wait; lower timeout or raise deploy_timeout',
    });
  }
  issues.push(...secretIssues(file, envFileVars), ...registryIssues(file), ...snippetIssues(file.router.snippet, file.router.snippet_unsafe), ...tlsShapeIssues(file.router), ...previewListenIssues(file.router), ...replicasIssues(file));
  return issues;
}

/** router/ports when the colours listen on the host's loopback (host router, or network: host apps): given, one each, none the router's own. */
function colourPortIssues(file: EnvironmentFile): Issue[] {
  const { ports, listen, runtime } = file.router;
  if (runtime === 'container' && file.container.network === 'bridge') return []; // unused there: a warning (unusedKeyWarnings), never an error
  if (!ports) {
    if (runtime === 'container') {
      return [{ path: ['router', 'ports'], message: 'is required with container/network host (each colour listens on one of these ports on 127.0.0.1; the router container shares the host\'s network to reach them)', hint: 'e.g. ports: { blue: 18081, green: 18082 }, or container/network: bridge, which needs no host port' }];
    }
    return [{ path: ['router', 'ports'], message: 'is required with router/runtime host (each colour publishes one of these ports on 127.0.0.1)', hint: 'e.g. ports: { blue: 18081, green: 18082 }, or router/runtime: container, which needs no host port' }];
  }
  const issues: Issue[] = [];
  if (ports.blue === ports.green) {
    issues.push({
      path: ['router', 'ports', 'green'],
      message: `should differ from blue (both ${ports.blue})`,
      hint: 'blue and green run side by side and need a port each, e.g. blue: 18081, green: 18082',
    });
  }
  for (const colour of ['blue', 'green'] as const) {
    if (listen.port === ports[colour]) {
      issues.push({
        path: ['router', 'listen'],
        message: `port ${listen.port} is also router/ports/${colour}`,
        hint: 'the router listens on its own port and forwards to the colour ports; pick a free one',
      });
    }
  }
  return issues;
}

function secretIssues(file: EnvironmentFile, envFileVars: Record<string, string>): Issue[] {
  const { secrets, env, env_file: envFile } = file.container;
  return secrets.flatMap((name, i): Issue[] => {
    const at = ['container', 'secrets', i];
    if (secrets.indexOf(name) !== i) return [{ path: at, message: `${name} is listed twice`, hint: 'delete the duplicate' }];
    if (name in env) {
      return [{ path: at, message: `${name} is also set in container/env`, hint: `a secret's value comes only from the process environment at deploy time; delete ${name} from env` }];
    }
    if (name in envFileVars) {
      return [{ path: at, message: `${name} is also set in env_file ${envFile}`, hint: `secrets never live in files; delete ${name} from ${envFile} and export it before deploying` }];
    }
    return [];
  });
}

function registryIssues(file: EnvironmentFile): Issue[] {
  const registry = file.image.registry;
  if (!registry || (registry.username_env === undefined) === (registry.password_env === undefined)) return [];
  const [given, missing] = registry.username_env !== undefined ? ['username_env', 'password_env'] : ['password_env', 'username_env'];
  return [{
    path: ['image', 'registry'],
    message: `username_env and password_env go together (only ${given} given)`,
    hint: `add ${missing}: <VARIABLE NAME>, or remove ${given} for a registry without login`,
  }];
}

async function isKind(target: string, kind: 'file' | 'directory'): Promise<boolean> {
  const info = await stat(target).catch(() => undefined);
  return kind === 'file' ? Boolean(info?.isFile()) : Boolean(info?.isDirectory());
}
