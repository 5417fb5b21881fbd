// The opt-in `verify.version` check: the deployment reports the tag `ferry status` calls active.
import { excerpt } from '../http.js';
import { at, show } from './json-fields.js';
import { versionPattern } from './version-pattern.js';

/** Either form of `verify.version`: a JSON field equal to the tag, or the body matching a pattern with {tag}. */
export type VersionCheck = { path: string; jsonField: string } | { path: string; bodyMatches: string };

const ACTIVE = 'the active tag from ferry status';

/** Where the tag is looked for, for a test name: `in "version"` or `in a body matching /^v2\s*$/`. */
export function describeVersionCheck(check: VersionCheck, activeTag: string): string {
  return 'jsonField' in check ? `in "${check.jsonField}"` : `in a body matching ${versionPattern(check.bodyMatches, activeTag)}`;
}

/** A problem when the answer does not carry the active tag the configured way, else undefined. */
export function checkVersion(label: string, check: VersionCheck, activeTag: string, answer: { text: string; json: unknown }): string | undefined {
  if ('bodyMatches' in check) {
    const pattern = versionPattern(check.bodyMatches, activeTag);
    if (pattern.test(answer.text)) return undefined;
    return `${label}: expected the body to match ${pattern} (body_matches, {tag} = ${JSON.stringify(activeTag)}, ${ACTIVE}), got ${JSON.stringify(excerpt(answer.text))}`;
  }
  const { jsonField } = check;
  if (answer.json === null || typeof answer.json !== 'object') {
    const got = answer.json === undefined ? `a body that is not JSON: ${JSON.stringify(excerpt(answer.text))}` : show(answer.json);
    return `${label}: expected a JSON object whose "${jsonField}" is ${JSON.stringify(activeTag)} (${ACTIVE}), got ${got}`;
  }
  const value = at(answer.json, jsonField);
  if (value === activeTag) return undefined;
  return `${label}: expected "${jsonField}" to be ${JSON.stringify(activeTag)} (${ACTIVE}), got ${show(value)}`;
}
