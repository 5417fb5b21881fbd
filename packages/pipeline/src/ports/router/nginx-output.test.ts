import { describe, expect, it } from 'vitest';
import { nginxTestInContainer, nginxTestOfInContainer } from './container-describe.js';
import { CONTAINER_CONF_DIR, trimNginxOutput } from './nginx-output.js';

const own = ['/var/lib/ferry/demo/router/'];
// what `nginx -e stderr -t -q` printed here for a snippet including a private file (nginx 1.22.1)
const INCLUDED = [
  'nginx: [emerg] unknown directive "SECRET_TOKEN=supersecret123" in /root/private.env:1',
  'nginx: configuration file /var/lib/ferry/demo/router/nginx.conf test failed',
  '2026/12/02 02:42:30 [emerg] 5481#5481: unknown directive "SECRET_TOKEN=supersecret123" in /root/private.env:1',
].join('\n');

describe("nginx's output, trimmed before any message or file has it", () => {
  it('text quoted from a file that is not Ferry\'s own config is elided; its file and line stay; the duplicate error-log line goes', () => {
    expect(trimNginxOutput(INCLUDED, own)).toBe('nginx: [emerg] unknown directive "…" in /root/private.env:1');
  });

  it("text quoted from Ferry's own config stays (a snippet typo is named)", () => {
    expect(trimNginxOutput('nginx: [emerg] unknown directive "proxy_buffr" in /var/lib/ferry/demo/router/nginx.conf:41\nnginx: configuration file x test failed', own)).toBe(
      'nginx: [emerg] unknown directive "proxy_buffr" in /var/lib/ferry/demo/router/nginx.conf:41',
    );
    expect(trimNginxOutput('nginx: [emerg] unknown directive "x" in /etc/nginx/nginx.conf:3', [CONTAINER_CONF_DIR])).toBe('nginx: [emerg] unknown directive "x" in /etc/nginx/nginx.conf:3');
    // a directory that only starts like Ferry's is not Ferry's
    expect(trimNginxOutput('nginx: [emerg] unknown directive "x" in /etc/nginx-private/a:3', [CONTAINER_CONF_DIR])).toBe('nginx: [emerg] unknown directive "…" in /etc/nginx-private/a:3');
  });

  it('an unterminated quote, levels other than emerg, messages with no file', () => {
    expect(trimNginxOutput('nginx: [emerg] unexpected "}" near "SECRET in /root/x:2', own)).toBe('nginx: [emerg] unexpected "}" near "…" in /root/x:2');
    expect(trimNginxOutput('nginx: [emerg] unexpected end of file, expecting ";" or "}" in /etc/passwd:3', own)).toBe('nginx: [emerg] unexpected end of file, expecting ";" or "}" in /etc/passwd:3');
    expect(trimNginxOutput('nginx: [warn] the "ssl" directive is deprecated in /root/x:2', own)).toBe('nginx: [warn] the "…" directive is deprecated in /root/x:2');
    expect(trimNginxOutput('nginx: [emerg] bind() to 127.0.0.1:8080 failed (98: Address already in use)', own)).toBe('nginx: [emerg] bind() to 127.0.0.1:8080 failed (98: Address already in use)');
  });

  it('at most three lines of at most 300 characters; nothing levelled: the first line with its quotes elided; nothing: nothing', () => {
    const many = Array.from({ length: 6 }, (_, i) => `nginx: [emerg] problem ${i} ${'x'.repeat(400)}`).join('\n');
    const trimmed = trimNginxOutput(many, own).split('\n');
    expect(trimmed).toHaveLength(3);
    expect(trimmed.every((line) => line.length === 300 && line.endsWith('…'))).toBe(true);
    expect(trimNginxOutput('nginx: invalid option: "SECRET"\nsecond line', own)).toBe('nginx: invalid option: "…"');
    expect(trimNginxOutput('', own)).toBe('');
  });

  it("the container's nginx -t logs to stderr, never to its error log", () => {
    expect(nginxTestInContainer()).toEqual(['/usr/sbin/nginx', '-e', 'stderr', '-t', '-q']);
    expect(nginxTestOfInContainer('/etc/nginx/ferry-ahead.conf')).toEqual(['/usr/sbin/nginx', '-e', 'stderr', '-t', '-q', '-c', '/etc/nginx/ferry-ahead.conf']);
  });
});
