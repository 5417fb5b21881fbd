// nginx config text → words, braces and semicolons, by the rules of nginx's own reader
// (ngx_conf_read_token): a check that reads the text differently from nginx can be fooled.

export type NginxToken = { kind: 'word'; value: string; line: number } | { kind: '{' | '}' | ';'; line: number };

export interface Tokenized {
  tokens: NginxToken[];
  error?: { line: number; message: string }; // where nginx would stop reading
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

/**
 * `#` starts a comment and quotes start a string only at the start of a word; inside a word they,
 * and `}`, are ordinary characters. A word ends at whitespace, `;` or `{` — except the `{` of `${var}`.
 * A backslash escapes the next character everywhere.
 */
export function tokenizeNginx(text: string): Tokenized {
  const tokens: NginxToken[] = [];
  let i = 0;
  let line = 1;
  const fail = (at: number, message: string): Tokenized => ({ tokens, error: { line: at, message } });
  while (i < text.length) {
    const ch = text[i]!;
    if (SPACE.has(ch)) {
      if (ch === '\n') line += 1;
      i += 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch, line });
      i += 1;
    } else {
      const start = line;
      const quote = ch === '"' || ch === "'" ? ch : null;
      let raw = '';
      if (quote) i += 1;
      for (;;) {
        if (i >= text.length) {
          if (quote) return fail(start, `the ${quote === '"' ? 'double' : 'single'}-quoted string that starts here is never closed`);
          break;
        }
        const c = text[i]!;
        if (c === '\\') {
          if (i + 1 >= text.length) return fail(line, 'ends with a backslash, which would escape what follows the snippet');
          if (text[i + 1] === '\n') line += 1;
          raw += c + text[i + 1];
          i += 2;
          continue;
        }
        if (quote) {
          i += 1;
          if (c === quote) break;
          if (c === '\n') line += 1;
          raw += c;
          continue;
        }
        if (c === '$' && text[i + 1] === '{') {
          raw += '${';
          i += 2;
          continue;
        }
        if (SPACE.has(c) || c === ';' || c === '{') break;
        raw += c;
        i += 1;
      }
      // nginx wants a space, ';', '{' or ')' right after a closing quote.
      if (quote && i < text.length && !SPACE.has(text[i]!) && !';{)'.includes(text[i]!)) {
        return fail(line, `unexpected "${text[i]}" right after a quoted string`);
      }
      tokens.push({ kind: 'word', value: unescape(raw), line: start });
    }
  }
  return { tokens };
}

// As nginx copies a word: \" \' \\ lose the backslash, \t \r \n become the control character, others stay as written.
function unescape(raw: string): string {
  return raw.replace(/\\(["'\\trn])/g, (_m, c: string) => ({ t: '\t', r: '\r', n: '\n' })[c] ?? c);
}
