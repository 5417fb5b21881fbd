import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('keeps newlines and tabs', () => {
    expect(printable('a\tb\nc\n')).toBe('a\tb\nc\n');
  });
  it('drops a terminal-title OSC sequence with its payload', () => {
    expect(printable('before\x1b]0;pwned\x07after')).toBe('beforeafter');
  });
  it('drops CSI sequences (clear screen, colours)', () => {
    expect(printable('\x1b[2J\x1b[31mred\x1b[0m')).toBe('red');
  });
  it('drops carriage returns, backspaces, BEL, a lone ESC and DEL', () => {
    expect(printable('ok\rfake\b\x07\x1b\x7f!')).toBe('okfake!');
  });
  it('drops C1 controls, keeps other non-ASCII text', () => {
    expect(printable('\x9b2J\x85café ✓')).toBe('café ✓');
  });
});
