// What nginx says when it refuses a config quotes the text it read: from a file a snippet includes
// (`include /root/.env;`) that is the file's content. Its words are trimmed before they reach any
// message, file or terminal: the levelled lines only, few and short, and text quoted from a file
// that is not Ferry's own config replaced by "…" (the file and line are kept, so the fix is findable).

/** Where the router container's config files are (text nginx quotes from them is Ferry's own). */
export const CONTAINER_CONF_DIR = '/etc/nginx';
const MAX_LINES = 3;
const MAX_LINE = 300;
// `nginx: [emerg] …` (stderr) or `2026/12/02 02:42:30 [emerg] 5481#5481: …` (an error log line)
const LEVELLED = /^(?:nginx: |\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )\[(emerg|alert|crit|error|warn)\](?: \d+#\d+:)? (.*)$/;
const WHERE = / in (\S+):(\d+)$/;

/** nginx's output as Ferry may repeat it; `ownDirs`: where Ferry's own config files are (text quoted from them stays). */
export function trimNginxOutput(output: string, ownDirs: string[]): string {
  const lines: string[] = [];
  for (const raw of output.split('\n')) {
    const match = LEVELLED.exec(raw.trim());
    if (!match) continue;
    const line = `nginx: [${match[1]}] ${elideForeign(match[2]!, ownDirs)}`;
    if (!lines.includes(line)) lines.push(line);
  }
  // nothing levelled (a usage error, a missing binary's shell message): its first line, with every quote elided
  const kept = lines.length > 0 ? lines.slice(0, MAX_LINES) : output.trim() ? [elideQuotes(output.trim().split('\n')[0]!)] : [];
  return kept.map(cap).join('\n');
}

function elideForeign(message: string, ownDirs: string[]): string {
  const file = WHERE.exec(message)?.[1];
  if (file === undefined || ownDirs.some((dir) => file.startsWith(dir.endsWith('/') ? dir : `${dir}/`))) return message;
  const where = WHERE.exec(message)![0];
  return `${elideQuotes(message.slice(0, -where.length))}${where}`;
}

// nginx's own words quote a lone ";", "{" or "}" (expecting ";" or "}"): those stay
const elideQuotes = (text: string) => text.replace(/"[^"]*"|"[^"]*$/g, (quoted) => (/^"[;{}]"$/.test(quoted) ? quoted : '"…"'));
const cap = (line: string) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line);
