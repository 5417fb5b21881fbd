import { describe, expect, it } from 'vitest';
import { liveColourOf, liveEntries } from './container-live.js';

describe('the live link', () => {
  it('green: its anchor, then the link to it (the link resolves the moment it exists)', () => {
    expect(liveEntries('green')).toEqual([
      { path: '/etc/nginx/ferry-colours/green', text: '', mode: 0o644 },
      { path: '/etc/nginx/ferry-live', linkTo: 'ferry-colours/green' },
    ]);
  });

  it('blue: the link to a name that never exists (nginx -e is false), green\'s anchor beside it (its directory for the next flip)', () => {
    expect(liveEntries('blue')).toEqual([
      { path: '/etc/nginx/ferry-colours/green', text: '', mode: 0o644 },
      { path: '/etc/nginx/ferry-live', linkTo: 'ferry-colours/blue' },
    ]);
  });

  it('reads the colour back from the target the engine reports, as nginx decides: no link is blue', () => {
    expect(liveColourOf('/etc/nginx/ferry-colours/green')).toBe('green');
    expect(liveColourOf('/etc/nginx/ferry-colours/blue')).toBe('blue');
    expect(liveColourOf(null)).toBe('blue');
  });
});
