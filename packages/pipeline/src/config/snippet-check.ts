import { tokenizeNginx, type NginxToken } from '../ports/router/nginx-tokens.js';
import type { Issue } from './issues.js';

const AT = ['router', 'snippet'] as const;

// What each refused directive could do with the router's privileges (nginx's master runs as root).
const REFUSED: [RegExp, string][] = [
  [/^listen$/, 'it would open another socket, beside router/listen'],
  [/^include$/, 'it would read other files into the config'],
  [/^(root|alias)$/, "it would serve files from the router's file system"],
  [/^load_module$/, 'it would load code into nginx'],
  [/_log$/, 'it would write files as the router'],
];

/**
 * The snippet is raw nginx placed inside Ferry's server block: it must stay inside it (braces balanced
 * by nginx's own reading, never closing the server block) and, unless router.snippet_unsafe is true,
 * use none of the directives that reach beyond it.
 */
export function snippetIssues(snippet: string | undefined, unsafe: boolean): Issue[] {
  if (snippet === undefined) return [];
  const { tokens, error } = tokenizeNginx(snippet);
  // Past a reading error the structure is unknown: report the error alone (and any directive before it).
  const problems = error ? [{ line: error.line, message: error.message }] : structureProblems(tokens);
  if (!unsafe) problems.push(...directiveProblems(tokens));
  return problems
    .sort((a, b) => a.line - b.line)
    .map(({ line, message, hint }) => ({ path: AT, message: `line ${line} of the snippet: ${message}`, hint: hint ?? 'it is placed inside the server block; close every block it opens, end every directive with ";"' }));
}

interface Problem {
  line: number;
  message: string;
  hint?: string;
}

function structureProblems(tokens: NginxToken[]): Problem[] {
  const problems: Problem[] = [];
  const opened: number[] = []; // lines of the "{" still open
  let statement: Extract<NginxToken, { kind: 'word' }>[] = [];
  for (const token of tokens) {
    if (token.kind === 'word') {
      statement.push(token);
      continue;
    }
    if (token.kind === '}') {
      if (statement.length > 0) problems.push({ line: statement[0]!.line, message: `"${statement[0]!.value}" has no ";" before the "}" on line ${token.line}` });
      if (opened.pop() === undefined) {
        problems.push({ line: token.line, message: 'this "}" would close the server block the snippet is placed in', hint: 'a snippet may only close blocks it opens itself' });
      }
    } else if (statement.length === 0) {
      problems.push({ line: token.line, message: `"${token.kind}" with no directive before it` });
    } else if (token.kind === '{') {
      opened.push(token.line);
    }
    statement = [];
  }
  if (statement.length > 0) problems.push({ line: statement[0]!.line, message: `"${statement[0]!.value}" is not ended by ";"` });
  for (const line of opened) problems.push({ line, message: 'this "{" is never closed' });
  return problems;
}

function directiveProblems(tokens: NginxToken[]): Problem[] {
  const problems: Problem[] = [];
  let first = true; // the first word of a statement is its directive, at any depth
  for (const token of tokens) {
    if (token.kind !== 'word') {
      first = true;
      continue;
    }
    const name = token.value.toLowerCase();
    const refused = first ? REFUSED.find(([pattern]) => pattern.test(name)) : undefined;
    if (refused) {
      problems.push({
        line: token.line,
        message: `"${token.value}" is not allowed: ${refused[1]}`,
        hint: 'remove it; only if this file is as trusted as root on the deploy host, set router/snippet_unsafe: true (environments/README.md)',
      });
    }
    first = false;
  }
  return problems;
}
