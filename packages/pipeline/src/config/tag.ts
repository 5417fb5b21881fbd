import { ConfigError } from '../errors.js';

// Docker's tag grammar; anything else could never be pushed and may carry shell metacharacters.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const RULE = "a tag is 1-128 letters, digits, '_', '.', '-' (first not '.' or '-')";

/** The tag itself when valid; ConfigError naming the flag otherwise. */
export function validateTag(tag: unknown, flag = '--tag'): string {
  if (tag === undefined || tag === null || tag === '') {
    throw new ConfigError(`${flag} is required: ${RULE}, e.g. ${flag} v1.4.2`);
  }
  if (typeof tag !== 'string') throw new ConfigError(`${flag} ${String(tag)}: ${RULE}`);
  if (!TAG.test(tag)) throw new ConfigError(`${flag} ${JSON.stringify(shorten(tag))}: ${RULE}`);
  return tag;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
