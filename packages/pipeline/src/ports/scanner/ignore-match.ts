import { isExpired } from './ignore-file.js';
import type { Finding, FindingKind, IgnoreEntry, IgnoreScope } from './types.js';

// Which ignore entries apply to a finding, following trivy's IgnoreConfig.Match*: the ID (or a
// misconfig's AVDID) must be equal, a `paths` glob must match the target or the package path,
// and a `purls` entry must match the package (skipped when the finding has no PURL, as trivy does).

const SCOPE: Record<FindingKind, IgnoreScope> = { vuln: 'vulnerability', secret: 'secret', misconfig: 'misconfiguration' };

export interface IgnoreMatch {
  /** The first unexpired entry that applies, if any. */
  active?: IgnoreEntry;
  /** Entries that would apply but whose date has passed. */
  expired: IgnoreEntry[];
}

export function matchIgnore(finding: Finding, entries: IgnoreEntry[], now: Date): IgnoreMatch {
  const applicable = entries.filter((entry) => appliesTo(entry, finding));
  const active = applicable.find((entry) => !isExpired(entry, now));
  const expired = applicable.filter((entry) => isExpired(entry, now));
  return active ? { active, expired } : { expired };
}

function appliesTo(entry: IgnoreEntry, finding: Finding): boolean {
  if (entry.scope !== 'all' && entry.scope !== SCOPE[finding.kind]) return false;
  if (entry.id !== finding.id && !(finding.aliases ?? []).includes(entry.id)) return false;
  const paths = [finding.target, finding.pkgPath].filter((p): p is string => p !== undefined);
  if (entry.paths?.length && !entry.paths.some((glob) => paths.some((p) => globToRegExp(glob).test(p)))) return false;
  if (entry.purls?.length && finding.purl && !entry.purls.some((p) => purlMatches(p, finding.purl!))) return false;
  return true;
}

/** doublestar-style glob: `**` spans directories, `*` and `?` stay inside one, `{a,b}` and `[…]` as usual. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[' && glob.indexOf(']', i + 2) !== -1) {
      const end = glob.indexOf(']', i + 2);
      out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += c.replace(/[.+^$()|\\/{}[\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

interface Purl {
  type: string;
  namespace: string;
  name: string;
  version: string;
  qualifiers: Map<string, string>;
  subpath: string;
}

/** pkg:type/namespace/name@version?qualifiers#subpath, percent-decoded. */
export function parsePurl(text: string): Purl | undefined {
  if (!text.startsWith('pkg:')) return undefined;
  let rest = text.slice('pkg:'.length);
  const [beforeHash, subpath = ''] = splitOnce(rest, '#');
  const [beforeQuery, query = ''] = splitOnce(beforeHash, '?');
  rest = beforeQuery;
  const at = rest.lastIndexOf('@');
  const version = at > rest.lastIndexOf('/') ? rest.slice(at + 1) : '';
  if (version) rest = rest.slice(0, at);
  const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments.length < 2) return undefined;
  const qualifiers = new Map(
    query
      .split('&')
      .filter(Boolean)
      .map((pair): [string, string] => {
        const [key, value = ''] = splitOnce(pair, '=');
        return [decodeURIComponent(key), decodeURIComponent(value)];
      }),
  );
  return {
    type: segments[0]!.toLowerCase(),
    namespace: segments.slice(1, -1).join('/'),
    name: segments.at(-1)!,
    version: decodeURIComponent(version),
    qualifiers,
    subpath: subpath.replace(/^\/+|\/+$/g, ''),
  };
}

/** trivy's purl.Match: the constraint's version, subpath and qualifiers only count when it has them. */
export function purlMatches(constraint: string, target: string): boolean {
  const c = parsePurl(constraint);
  const t = parsePurl(target);
  if (!c || !t) return false;
  if (c.type !== t.type || c.namespace !== t.namespace || c.name !== t.name) return false;
  if (c.version && c.version !== t.version) return false;
  if (c.subpath && c.subpath !== t.subpath) return false;
  return [...c.qualifiers].every(([key, value]) => t.qualifiers.get(key) === value);
}

function splitOnce(text: string, separator: string): [string, string?] {
  const index = text.indexOf(separator);
  return index === -1 ? [text] : [text.slice(0, index), text.slice(index + 1)];
}
