import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { ENV_NAME } from './names.js';

const EXTENSIONS = ['.yaml', '.yml'];

/** Paths inside the working directory print relative (environments/staging.yaml), others absolute. */
export function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}

/** Environment names (YAML file stems) in `environmentsDir`, sorted. */
export async function listEnvironments(environmentsDir: string): Promise<string[]> {
  const dir = path.resolve(environmentsDir);
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new ConfigError(
        `environments directory not found: ${dir}; run ferry from the project root or pass --environments DIR`,
      );
    }
    throw error;
  });
  const stems = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && EXTENSIONS.includes(path.extname(entry.name)))
    .map((entry) => path.basename(entry.name, path.extname(entry.name)))
    .filter((stem) => ENV_NAME.test(stem));
  return [...new Set(stems)].sort();
}

/** Absolute path of `<env>.yaml` (or .yml); ConfigError for bad or unknown names. */
export async function findEnvironmentFile(environmentsDir: string, env: string): Promise<string> {
  if (typeof env !== 'string' || !ENV_NAME.test(env)) {
    throw new ConfigError(
      `--env ${JSON.stringify(env)}: an environment name is lowercase letters, digits, '_' and '-' (first a letter or digit), e.g. --env staging`,
    );
  }
  const dir = path.resolve(environmentsDir);
  const available = await listEnvironments(dir);
  if (!available.includes(env)) {
    const list = available.length > 0 ? available.join(', ') : 'none';
    throw new ConfigError(
      `--env ${env}: unknown environment (available: ${list}; searched ${dir} for ${env}.yaml); create ${env}.yaml there or pick one of those`,
    );
  }
  const entries = await readdir(dir);
  const name = EXTENSIONS.map((ext) => `${env}${ext}`).find((candidate) => entries.includes(candidate))!;
  return path.join(dir, name);
}
