// dotenv skips a line it cannot read without a word: the variable the user meant is silently unset.
// Such lines are named by position (file:line), never echoed: an env file may hold values not meant for a log.

// dotenv 17's own line grammar (lib/main.js LINE): what it reads is what counts as readable.
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/** 1-based numbers of the lines dotenv would skip: not blank, not a comment, not part of any NAME=value it reads. */
export function unreadableDotenvLines(text: string): number[] {
  const source = text.replace(/\r\n?/g, '\n');
  const covered = new Uint8Array(source.length);
  for (const match of source.matchAll(LINE)) {
    const start = match.index + match[0].length - match[0].trimStart().length; // its leading blank lines are not its own
    covered.fill(1, start, match.index + match[0].length);
  }
  const unreadable: number[] = [];
  let offset = 0;
  source.split('\n').forEach((line, index) => {
    const text = line.trim();
    const first = offset + line.length - line.trimStart().length;
    if (text !== '' && !text.startsWith('#') && covered[first] !== 1) unreadable.push(index + 1);
    offset += line.length + 1;
  });
  return unreadable;
}
