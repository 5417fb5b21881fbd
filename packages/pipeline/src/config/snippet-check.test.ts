import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from '@ferry/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMainConf, renderUpstreamConf } from '../ports/router/nginx-config.js';
import { snippetIssues } from './snippet-check.js';

const messages = (snippet: string, unsafe = false) => snippetIssues(snippet, unsafe).map((issue) => issue.message);

// The reproduced attack: leave Ferry's server block and add a server that lists the whole file system.
const ATTACKS: [string, string][] = [
  ['a "{" hidden in a comment', '# {\n}\nserver { listen 0.0.0.0:8081; root /; autoindex on; }\nserver { listen 127.0.0.1:1; # }\n'],
  ['braces hidden in quoted strings', 'return 200 "{";\n}\nserver { listen 0.0.0.0:8081; root /; autoindex on; }\nserver {\n  listen 127.0.0.1:1; return 200 "}";\n'],
];

// Real nginx: the attack is a valid config once rendered, so only a check that reads like nginx catches it.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-snippet-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function nginxAccepts(snippet: string): { ok: boolean; output: string } {
  const nginx = findExecutable('nginx', `${process.env.PATH}:/usr/sbin`);
  if (!nginx) throw new Error('nginx is not installed (scripts/setup.sh installs it)');
  const dir = mkdtempSync(path.join(scratch, 'router-'));
  mkdirSync(path.join(dir, 'tmp'));
  writeFileSync(path.join(dir, 'nginx.conf'), renderMainConf({ dir, tmpDir: path.join(dir, 'tmp'), listen: { host: '127.0.0.1', port: 8080 }, drainMs: 1000, snippet, app: 'demo', env: 'test' }));
  writeFileSync(path.join(dir, 'upstream.conf'), renderUpstreamConf(null));
  const run = spawnSync(nginx, ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-t'], { encoding: 'utf8' });
  return { ok: run.status === 0, output: run.stderr };
}

describe('router.snippet check', () => {
  it('accepts ordinary directives, nested blocks, and braces or refused names inside strings, comments and arguments', () => {
    const snippet = [
      'client_max_body_size 10m;',
      '# root / would be refused, but this is a comment { }',
      'location /api/ {',
      '  proxy_set_header X-Listen "listen } root;";',
      '  add_header X-Log access_log;',
      '}',
      'location = /ping { return 200 "pong {\\n"; }',
    ].join('\n');
    expect(snippetIssues(snippet, false)).toEqual([]);
    expect(nginxAccepts(snippet)).toMatchObject({ ok: true });
  });

  it.each(ATTACKS)('refuses the reproduced attack with %s (which real nginx accepts)', (_name, snippet) => {
    expect(nginxAccepts(snippet)).toMatchObject({ ok: true });
    const found = messages(snippet);
    expect(found).toContain('line 2 of the snippet: this "}" would close the server block the snippet is placed in');
    expect(found).toContain('line 3 of the snippet: "listen" is not allowed: it would open another socket, beside router/listen');
    expect(found).toContain('line 3 of the snippet: "root" is not allowed: it would serve files from the router\'s file system');
    // The escape hatch waives the directive rules only: leaving the server block stays refused.
    expect(messages(snippet, true)).toContain('line 2 of the snippet: this "}" would close the server block the snippet is placed in');
    expect(messages(snippet, true).join('\n')).not.toMatch(/is not allowed/);
  });

  it.each<[string, string, string[]]>([
    ['listen', 'listen 8081;', ['line 1 of the snippet: "listen" is not allowed: it would open another socket, beside router/listen']],
    ['include, at any depth', 'location / {\n  include /etc/passwd;\n}', ['line 2 of the snippet: "include" is not allowed: it would read other files into the config']],
    ['alias', 'location /s/ { alias /srv/; }', ['line 1 of the snippet: "alias" is not allowed: it would serve files from the router\'s file system']],
    ['load_module', 'load_module x.so;', ['line 1 of the snippet: "load_module" is not allowed: it would load code into nginx']],
    ['any *_log', 'access_log /tmp/a.log;\nerror_log /tmp/e.log;\nrewrite_log on;', ['line 1 of the snippet: "access_log" is not allowed: it would write files as the router', 'line 2 of the snippet: "error_log" is not allowed: it would write files as the router', 'line 3 of the snippet: "rewrite_log" is not allowed: it would write files as the router']],
    ['a quoted or upper-case directive name', '"listen" 8081;\nROOT /;', ['line 1 of the snippet: "listen" is not allowed: it would open another socket, beside router/listen', 'line 2 of the snippet: "ROOT" is not allowed: it would serve files from the router\'s file system']],
  ])('refuses %s, naming the directive and its line', (_name, snippet, expected) => {
    expect(messages(snippet)).toEqual(expected);
    expect(messages(snippet, true)).toEqual([]); // router.snippet_unsafe: true allows it
  });

  it.each<[string, string, string]>([
    ['an unclosed block', 'location /x {', 'line 1 of the snippet: this "{" is never closed'],
    ['a "}" closing the server block', 'return 204;\n}', 'line 2 of the snippet: this "}" would close the server block the snippet is placed in'],
    ['a directive without ";"', 'client_max_body_size 10m', 'line 1 of the snippet: "client_max_body_size" is not ended by ";"'],
    ['a directive without ";" before "}"', 'location /x {\n  return 204\n}', 'line 2 of the snippet: "return" has no ";" before the "}" on line 3'],
    ['a stray ";"', 'return 204;;', 'line 1 of the snippet: ";" with no directive before it'],
    ['an unclosed string', 'return 200 "}\n', 'line 1 of the snippet: the double-quoted string that starts here is never closed'],
    ['a trailing backslash', 'return 200 x\\', 'line 1 of the snippet: ends with a backslash, which would escape what follows the snippet'],
  ])('refuses %s', (_name, snippet, expected) => {
    expect(messages(snippet)).toContain(expected);
    expect(nginxAccepts(snippet).ok).toBe(false); // each is a config nginx would refuse, or one that leaves the server block
  });

  it('names the key and how to fix it', () => {
    expect(snippetIssues('listen 8081;', false)).toEqual([
      {
        path: ['router', 'snippet'],
        message: 'line 1 of the snippet: "listen" is not allowed: it would open another socket, beside router/listen',
        hint: 'remove it; only if this file is as trusted as root on the deploy host, set router/snippet_unsafe: true (environments/README.md)',
      },
    ]);
  });
});
