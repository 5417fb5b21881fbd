// A small .dockerignore: comments, `*`, `?`, `**`, leading `!` exceptions, last match wins,
// and a pattern that matches a directory excludes everything under it (as Docker does).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface Rule {
  regex: RegExp;
  exclude: boolean;
}

function globToRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` matches anything.
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const pattern = path.posix.normalize((exclude ? line : line.slice(1)).trim()).replace(/^\/+|\/+$/g, '');
      return { regex: globToRegex(pattern), exclude };
    });
}

/** True when the context-relative POSIX path is left out of the build context. */
export function isIgnored(rules: Rule[], relPath: string): boolean {
  const parts = relPath.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = rule.exclude;
  }
  return ignored;
}

/**
 * The tar-fs `ignore` callback for a build context. The Dockerfile and .dockerignore always go
 * in (the daemon needs them); directories are not pruned when `!` exceptions could re-include a child.
 */
export function contextIgnore(contextDir: string, dockerfile: string): (absPath: string) => boolean {
  let text = '';
  try {
    text = readFileSync(path.join(contextDir, '.dockerignore'), 'utf8');
  } catch {
    return () => false;
  }
  const rules = parseDockerignore(text);
  const keep = new Set([path.posix.normalize(dockerfile.split(path.sep).join('/')), '.dockerignore']);
  const hasExceptions = rules.some((rule) => !rule.exclude);
  return (absPath) => {
    const rel = path.relative(contextDir, absPath).split(path.sep).join('/');
    if (keep.has(rel) || !isIgnored(rules, rel)) return false;
    return !(hasExceptions && statSync(absPath, { throwIfNoEntry: false })?.isDirectory());
  };
}
