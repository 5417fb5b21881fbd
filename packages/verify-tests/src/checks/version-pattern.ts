// `verify.version.body_matches`: a regular expression in which `{tag}` stands for the active tag.
// No imports, so the pipeline's config loader can validate a pattern without loading the suites.

export const TAG_PLACEHOLDER = '{tag}';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern with every `{tag}` replaced by the tag, matched literally (a tag like v1.2 has dots). */
export function versionPattern(pattern: string, tag: string): RegExp {
  return new RegExp(pattern.split(TAG_PLACEHOLDER).join(escapeRegExp(tag)));
}

/** Why a body_matches value cannot work, or undefined when it can. */
export function versionPatternProblem(pattern: string): string | undefined {
  if (!pattern.includes(TAG_PLACEHOLDER)) return `should contain ${TAG_PLACEHOLDER} where the active tag appears`;
  try {
    versionPattern(pattern, 'v1');
    return undefined;
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message.split(': ').at(-1)})`;
  }
}
