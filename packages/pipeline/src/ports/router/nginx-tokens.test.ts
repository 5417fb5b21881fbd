import { describe, expect, it } from 'vitest';
import { tokenizeNginx } from './nginx-tokens.js';

const w = (value: string, line = 1) => ({ kind: 'word', value, line });
const t = (kind: '{' | '}' | ';', line = 1) => ({ kind, line });

describe('tokenizeNginx: nginx reading rules', () => {
  it('splits directives, blocks and semicolons, counting lines', () => {
    expect(tokenizeNginx('client_max_body_size 10m;\nlocation /x {\n  return 204;\n}\n')).toEqual({
      tokens: [w('client_max_body_size'), w('10m'), t(';'), w('location', 2), w('/x', 2), t('{', 2), w('return', 3), w('204', 3), t(';', 3), t('}', 4)],
    });
  });

  it('skips # comments to the end of the line, braces in them included', () => {
    expect(tokenizeNginx('# { not a block }\nreturn 204; # } either\n')).toEqual({ tokens: [w('return', 2), w('204', 2), t(';', 2)] });
  });

  it('reads quoted strings whole, braces, semicolons and # inside them, across lines, with escapes', () => {
    expect(tokenizeNginx(`return 200 "a } b; # c\n\\"{";`)).toEqual({ tokens: [w('return'), w('200'), w('a } b; # c\n"{'), t(';', 2)] });
    expect(tokenizeNginx(`add_header X 'it\\'s }';`)).toEqual({ tokens: [w('add_header'), w('X'), w("it's }"), t(';')] });
  });

  it('treats # quotes and } inside a word as ordinary characters, like nginx', () => {
    expect(tokenizeNginx('return 200 a#b}c"d;')).toEqual({ tokens: [w('return'), w('200'), w('a#b}c"d'), t(';')] });
  });

  it('keeps the brace of ${var} in the word; a bare { after a word opens a block', () => {
    expect(tokenizeNginx('set $a ${b}x;')).toEqual({ tokens: [w('set'), w('$a'), w('${b}x'), t(';')] });
    expect(tokenizeNginx('location /a{return 204;}')).toEqual({ tokens: [w('location'), w('/a'), t('{'), w('return'), w('204'), t(';'), t('}')] });
  });

  it('unescapes as nginx copies a word: \\" \\\\ \\t lose the backslash, others stay', () => {
    expect(tokenizeNginx('a\\"b c\\\\d e\\tf g\\xh;')).toEqual({ tokens: [w('a"b'), w('c\\d'), w('e\tf'), w('g\\xh'), t(';')] });
  });

  it('a backslash escapes a newline inside a word (the line still counts)', () => {
    expect(tokenizeNginx('return\\\n200;')).toEqual({ tokens: [w('return\\\n200'), t(';', 2)] });
  });

  it('stops where nginx would: an unclosed string, a trailing backslash, text glued to a closing quote', () => {
    expect(tokenizeNginx('return 200 "open;\n}')).toEqual({ tokens: [w('return'), w('200')], error: { line: 1, message: 'the double-quoted string that starts here is never closed' } });
    expect(tokenizeNginx('return 200 x\\')).toEqual({ tokens: [w('return'), w('200')], error: { line: 1, message: 'ends with a backslash, which would escape what follows the snippet' } });
    expect(tokenizeNginx('return 200 "a"b;')).toEqual({ tokens: [w('return'), w('200')], error: { line: 1, message: 'unexpected "b" right after a quoted string' } });
    expect(tokenizeNginx('if ($a = "b") { }').error).toBeUndefined(); // ")" may follow a quote
  });
});
