import type { Issue, KeyPath } from './issues.js';

// `$${` is an escape for a literal `${`; otherwise ${NAME} or ${NAME:-default}.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/** A `${NAME}` found in the file, and the key whose value it is in (the secret check needs both). */
export interface Reference {
  name: string;
  path: KeyPath;
}

/** Replaces ${VAR} references in every string value (never in keys); unset VARs become issues; each reference is added to `found`. */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, issues: Issue[], path: KeyPath = [], found: Reference[] = []): unknown {
  if (typeof value === 'string') return interpolateString(value, env, issues, path, found);
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, issues, [...path, i], found));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, env, issues, [...path, key], found)]),
    );
  }
  return value;
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, issues: Issue[], path: KeyPath, found: Reference[]): unknown {
  let unset = false;
  const result = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${';
    found.push({ name, path });
    const current = env[name];
    // Like docker compose: the default applies when the variable is unset or empty.
    if (fallback !== undefined) return current ? current : fallback;
    if (current !== undefined) return current;
    unset = true;
    issues.push({
      path,
      message: `\${${name}} is not set in the environment`,
      hint: `export ${name}=... before running ferry, or give a default: \${${name}:-value}`,
    });
    return match;
  });
  if (unset || !WHOLE_REFERENCE.test(text)) return result;
  return coerceScalar(result);
}

// A value that is exactly one reference takes the type of what it expands to (port: ${PORT}).
function coerceScalar(text: string): unknown {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}
