import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { validateTag } from './index.js';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const RULE = "a tag is 1-128 letters, digits, '_', '.', '-' (first not '.' or '-')";

describe('validateTag', () => {
  it.each(['v1', 'v1.4.2', '2024-06-01_rc.1', '_build', 'A'.repeat(128), 'latest'])('accepts %s', (tag) => {
    expect(validateTag(tag)).toBe(tag);
  });

  it.each<[string, unknown, string]>([
    ['shell metacharacters', 'v1; rm -rf /', `--tag "v1; rm -rf /": ${RULE}`],
    ['command substitution', '$(id)', `--tag "$(id)": ${RULE}`],
    ['spaces', 'v 1', `--tag "v 1": ${RULE}`],
    ['leading dash (would read as a flag)', '-v1', `--tag "-v1": ${RULE}`],
    ['leading dot', '.v1', `--tag ".v1": ${RULE}`],
    ['too long', 'a'.repeat(129), `--tag "${'a'.repeat(57)}...": ${RULE}`],
    ['slash', 'feature/x', `--tag "feature/x": ${RULE}`],
    ['colon', 'demo:v1', `--tag "demo:v1": ${RULE}`],
    ['missing', undefined, `--tag is required: ${RULE}, e.g. --tag v1.4.2`],
    ['empty', '', `--tag is required: ${RULE}, e.g. --tag v1.4.2`],
    ['not a string', 42, `--tag 42: ${RULE}`],
  ])('rejects %s', (_name, tag, message) => {
    const error = catchError(() => validateTag(tag));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ exitCode: 2, message });
  });

  it('names the flag it validates', () => {
    expect(() => validateTag('bad tag', '--to')).toThrow(`--to "bad tag": ${RULE}`);
  });
});
