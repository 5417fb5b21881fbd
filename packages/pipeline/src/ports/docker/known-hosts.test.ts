import { describe, expect, it } from 'vitest';
import { knownHostsName, verdictOf } from './known-hosts.js';

// A real ed25519 host key, and the lines `ssh-keygen -H` made for 10.0.0.5 and [10.0.0.5]:2222.
const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIEfuKOdE5SLYidwBNl4lnjMecGvi7UCT6/R/BTXpAgH0';
const OTHER = 'AAAAC3NzaC1lZDI1NTE5AAAAIEp+LjpHktFzCnGKFcNo8VaTowSluHVlh1MBjdHD04ys';
const HASHED_22 = '|1|f8ZknW0q9RJmVS3bFsVo5K+sfjM=|ep9+2PAdjXGfLfAhqjZ6kT8UN6A=';
const HASHED_2222 = '|1|hC5P2cZqRs/ZQRiUw7bZEw+r+5k=|j6ZxQiZioym9dMZ3c8dtIwbDRCs=';
const blob = (base64: string) => Buffer.from(base64, 'base64');

describe('known_hosts', () => {
  it('names a host as ssh does: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostsName('server', 22)).toBe('server');
    expect(knownHostsName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });

  it('a plain line with the same key is known; the same host with another key has changed; another host is unknown', () => {
    const file = `# comment\n\nserver,10.0.0.9 ssh-ed25519 ${KEY} me@laptop\n`;
    expect(verdictOf(file, 'server', 22, blob(KEY))).toBe('known');
    expect(verdictOf(file, '10.0.0.9', 22, blob(KEY))).toBe('known');
    expect(verdictOf(file, 'server', 22, blob(OTHER))).toBe('changed');
    expect(verdictOf(file, 'elsewhere', 22, blob(KEY))).toBe('unknown');
    expect(verdictOf(file, 'server', 2222, blob(KEY))).toBe('unknown'); // another port is another entry
    expect(verdictOf('', 'server', 22, blob(KEY))).toBe('unknown');
  });

  it('hashed names (ssh-keygen -H, HashKnownHosts) match their host and port only', () => {
    const file = `${HASHED_22} ssh-ed25519 ${KEY}\n${HASHED_2222} ssh-ed25519 ${KEY}\n`;
    expect(verdictOf(file, '10.0.0.5', 22, blob(KEY))).toBe('known');
    expect(verdictOf(file, '10.0.0.5', 2222, blob(KEY))).toBe('known');
    expect(verdictOf(file, '10.0.0.5', 2200, blob(KEY))).toBe('unknown');
    expect(verdictOf(`${HASHED_22} ssh-ed25519 ${OTHER}\n`, '10.0.0.5', 22, blob(KEY))).toBe('changed');
  });

  it('wildcards and negations; @revoked refuses the key for every host; @cert-authority lines are not host keys', () => {
    expect(verdictOf(`*.example.com,!bad.example.com ssh-ed25519 ${KEY}\n`, 'a.example.com', 22, blob(KEY))).toBe('known');
    expect(verdictOf(`*.example.com,!bad.example.com ssh-ed25519 ${KEY}\n`, 'bad.example.com', 22, blob(KEY))).toBe('unknown');
    expect(verdictOf(`[10.0.0.?]:2222 ssh-ed25519 ${KEY}\n`, '10.0.0.5', 2222, blob(KEY))).toBe('known');
    expect(verdictOf(`server ssh-ed25519 ${KEY}\n@revoked * ssh-ed25519 ${KEY}\n`, 'server', 22, blob(KEY))).toBe('revoked');
    expect(verdictOf(`@cert-authority server ssh-ed25519 ${KEY}\n`, 'server', 22, blob(KEY))).toBe('unknown');
  });
});
