import { describe, expect, it } from 'vitest';
import { untrustedReason } from './trust.js';

describe('untrustedReason (ssh StrictModes)', () => {
  it('accepts dirs owned by you or root, not writable by others', () => {
    expect(untrustedReason('/s', { uid: 1000, mode: 0o40700 }, 1000, true)).toBeNull();
    expect(untrustedReason('/var', { uid: 0, mode: 0o40755 }, 1000, false)).toBeNull();
  });
  it('a root-owned sticky parent (/tmp) is fine; the state dir itself never may be writable by others', () => {
    expect(untrustedReason('/tmp', { uid: 0, mode: 0o41777 }, 1000, false)).toBeNull();
    expect(untrustedReason('/tmp', { uid: 0, mode: 0o41777 }, 1000, true)).toBe('/tmp is writable by everyone (mode 1777); run: chmod go-w /tmp');
    expect(untrustedReason('/shared', { uid: 1001, mode: 0o41777 }, 1000, false)).toMatch(/owned by uid 1001/);
  });
  it('names the path and the fix', () => {
    expect(untrustedReason('/srv/x', { uid: 1001, mode: 0o40700 }, 1000, false)).toBe('/srv/x is owned by uid 1001, neither you (uid 1000) nor root; run: chown 1000 /srv/x (or choose a state_dir of your own)');
    expect(untrustedReason('/srv', { uid: 0, mode: 0o40775 }, 1000, false)).toBe('/srv is writable by its group (mode 775); run: chmod go-w /srv');
  });
});
