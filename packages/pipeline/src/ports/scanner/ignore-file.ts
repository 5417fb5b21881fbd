import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import type { IgnoreEntry, IgnoreScope } from './types.js';

// Trivy's two ignore-file formats (pkg/result/ignore.go). The format follows the file name,
// as in trivy: `.yaml`/`.yml` is the structured form, anything else the one-ID-per-line form.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isYamlIgnoreFile(file: string): boolean {
  return /\.ya?ml$/i.test(basename(file));
}

/** Reads and parses an ignore file; `file` appears in every error message. */
export async function readIgnoreFile(file: string): Promise<IgnoreEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
    throw new ConfigError(`scan ignore file ${file} ${why}; fix the path or remove the setting`);
  }
  return parseIgnoreFile(text, file);
}

export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  return isYamlIgnoreFile(file) ? parseIgnoreYaml(text, file) : parsePlainIgnore(text, file);
}

/** `.trivyignore`: one ID per line, `#` comments, optional `exp:YYYY-MM-DD`; other fields are ignored. */
export function parsePlainIgnore(text: string, file: string): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [id, ...fields] = line.split(/\s+/) as [string, ...string[]];
    const exp = fields.find((f) => f.startsWith('exp:'))?.slice('exp:'.length);
    // trivy skips such a line with a warning; a silently dropped ignore would surprise more, so it is an error.
    if (exp !== undefined && !isValidDate(exp)) {
      throw new ConfigError(`${file}:${index + 1}: "exp:${exp}" is not a date; write exp:YYYY-MM-DD`);
    }
    entries.push(exp === undefined ? { scope: 'all', id } : { scope: 'all', id, expiresAt: exp });
  });
  return entries;
}

// YAML 1.2 (the yaml package's default) reads 2023-01-01 as a string; a Date is accepted too.
const expiry = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);

const yamlEntry = z
  .object({
    id: z.string({ required_error: 'id is required' }).min(1),
    paths: z.array(z.string()).optional(),
    purls: z.array(z.string()).optional(),
    expired_at: expiry.optional(),
    statement: z.string().optional(),
  })
  .strict();

const SECTIONS = {
  vulnerabilities: 'vulnerability',
  misconfigurations: 'misconfiguration',
  secrets: 'secret',
  licenses: 'license',
} as const satisfies Record<string, IgnoreScope>;

const section = z.array(yamlEntry).nullish();
const yamlFile = z
  .object({ vulnerabilities: section, misconfigurations: section, secrets: section, licenses: section })
  .strict();

/** `.trivyignore.yaml`: vulnerabilities / misconfigurations / secrets / licenses lists of {id, paths, purls, expired_at, statement}. */
export function parseIgnoreYaml(text: string, file: string): IgnoreEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = yamlFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || '(top level)';
    const allowed = issue.path.length ? Object.keys(yamlEntry.shape) : Object.keys(SECTIONS);
    const hint = issue.code === 'unrecognized_keys' ? `; allowed: ${allowed.join(', ')}` : '';
    throw new ConfigError(`${file}: ${where}: ${issue.message}${hint}`);
  }
  return (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).flatMap((section) =>
    (parsed.data[section] ?? []).map((e, index) => {
      if (e.expired_at !== undefined && !isValidDate(e.expired_at)) {
        throw new ConfigError(`${file}: ${section}.${index}.expired_at: "${e.expired_at}" is not a date; write YYYY-MM-DD`);
      }
      const entry: IgnoreEntry = { scope: SECTIONS[section], id: e.id };
      if (e.paths) entry.paths = e.paths;
      if (e.purls) entry.purls = e.purls;
      if (e.expired_at !== undefined) entry.expiresAt = e.expired_at;
      if (e.statement !== undefined) entry.statement = e.statement;
      return entry;
    }),
  );
}

/** The instant an entry stops counting: UTC midnight starting its date, like trivy's time.Parse. */
export function expiryTime(entry: IgnoreEntry): number | undefined {
  return entry.expiresAt === undefined ? undefined : Date.parse(entry.expiresAt);
}

export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  const at = expiryTime(entry);
  return at !== undefined && at < now.getTime();
}

// YYYY-MM-DD (both formats) or a full RFC 3339 timestamp (what expired_at also accepts in trivy).
function isValidDate(text: string): boolean {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return false;
  return DATE.test(text) ? new Date(ms).toISOString().startsWith(text) : DATE_TIME.test(text);
}
