import { useInput, type Key } from 'ink';

/** Returned by a key handler when its key left the screen: the rest of that chunk was meant for the next one. */
export const LEFT = Symbol('left the screen');

/** Run `action` (it leaves the screen) and say so. */
export function leave(action: (() => void) | undefined): typeof LEFT {
  action?.();
  return LEFT;
}

export type KeyHandler = (input: string, key: Key) => unknown;

export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

const NAMED: Record<string, Partial<Key>> = { '\r': { return: true }, '\n': { return: true }, '\t': { tab: true }, '\x7f': { backspace: true }, '\b': { backspace: true } };

/** One character of a chunk as the key Ink would have reported had it arrived alone. */
function keyOf(char: string): [string, Key] {
  const named = NAMED[char];
  if (named) return ['', { ...NO_KEY, ...named }];
  const code = char.codePointAt(0)!;
  if (code < 0x20) return [String.fromCharCode(code + 0x60), { ...NO_KEY, ctrl: true }]; // Ctrl+A is \x01
  return [char, { ...NO_KEY, shift: /[A-Z]/.test(char) }];
}

/**
 * Pure: the keys in what Ink delivered as one input. Ink already cuts escape sequences (arrows, esc) apart,
 * but a run of plain characters ("v1\r" from a paste or a fast typist) arrives whole and unnamed.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  const named = Object.entries(key).some(([flag, on]) => on === true && flag !== 'shift');
  if (chars.length <= 1 || named) return [[input, key]];
  return chars.map(keyOf);
}

/** Ink's useInput, one key at a time; a handler that returns LEFT drops the rest of its chunk. */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  useInput((input, key) => {
    for (const [one, oneKey] of splitKeys(input, key)) if (handler(one, oneKey) === LEFT) return;
  }, options);
}
