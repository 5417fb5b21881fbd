// Docker's reference grammar for a repository name (distribution/reference), without tag or digest.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export interface NameProblem {
  message: string;
  hint: string;
}

const EXAMPLE = 'e.g. name: ferry/demo-app or name: 127.0.0.1:5000/ferry/demo-app';

/** null when `name` is a valid repository name; otherwise what is wrong and how to fix it. */
export function checkImageName(name: string): NameProblem | null {
  const got = JSON.stringify(name);
  const parts = name.split('/');
  const last = parts[parts.length - 1]!;
  if (name.includes('@')) {
    return { message: `should not include a digest (got ${got})`, hint: `drop "${name.slice(name.indexOf('@'))}"; ${EXAMPLE}` };
  }
  if (last.includes(':')) {
    const [repo, tag] = [name.slice(0, name.lastIndexOf(':')), name.slice(name.lastIndexOf(':') + 1)];
    return {
      message: `should not include a tag (got ${got})`,
      hint: `write name: ${repo} and pass the tag with --tag ${tag} (or IMAGE_TAG)`,
    };
  }
  const hasDomain = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!);
  const path = hasDomain ? parts.slice(1) : parts;
  const domainOk = !hasDomain || DOMAIN.test(parts[0]!);
  if (domainOk && path.some((p) => p !== p.toLowerCase()) && path.every((p) => PATH_COMPONENT.test(p.toLowerCase()))) {
    const fixed = [...(hasDomain ? [parts[0]!] : []), ...path.map((p) => p.toLowerCase())].join('/');
    return { message: `should be lowercase (got ${got})`, hint: `docker repository names are lowercase: name: ${fixed}` };
  }
  if (!domainOk || path.length === 0 || !path.every((p) => PATH_COMPONENT.test(p)) || name.length > 255) {
    return {
      message: `should be a docker repository name: [host[:port]/]path, lowercase letters, digits and . _ - separators (got ${got})`,
      hint: EXAMPLE,
    };
  }
  return null;
}
