import { describe, expect, it } from 'vitest';
import { loadedFor, parseLoadedNote, renderLoadedNote, withoutLoadedNote } from './container-kept.js';

describe('the note of what the running nginx loaded', () => {
  const note = { routerStartedAt: '2026-12-02T02:27:39.123Z', kept: { blue: 'aaa111@172.18.0.3', green: 'bbb222@172.18.0.4' } };

  it('reads back what it wrote, one line', () => {
    expect(renderLoadedNote(note)).toBe('# ferry-loaded router=2026-12-02T02:27:39.123Z blue=aaa111@172.18.0.3 green=bbb222@172.18.0.4\n');
    expect(parseLoadedNote(`# ferry-colour blue port=3000 version=v1\n${renderLoadedNote(note)}map x {}\n`)).toEqual(note);
    expect(parseLoadedNote(renderLoadedNote({ ...note, kept: { green: '127.0.0.1' } }))).toEqual({ ...note, kept: { green: '127.0.0.1' } });
  });

  it('no note, no claim; taking it out leaves the rest as it was', () => {
    expect(parseLoadedNote('map x {}\n')).toBeNull();
    expect(withoutLoadedNote(`a\n${renderLoadedNote(note)}b\n`)).toBe('a\nb\n');
  });

  it('a value nginx or the parser could misread is left out, not written', () => {
    expect(renderLoadedNote({ ...note, kept: { blue: 'x y' } })).toBe('# ferry-loaded router=2026-12-02T02:27:39.123Z\n');
    expect(renderLoadedNote({ ...note, routerStartedAt: 'a\nb' })).toBe('');
  });

  it('a switch needs no reload only to the same container at the same address, in the same start of the router', () => {
    expect(loadedFor(note, note.routerStartedAt, 'green', 'bbb222@172.18.0.4')).toBe(true);
    expect(loadedFor(note, note.routerStartedAt, 'green', 'bbb222@172.18.0.9')).toBe(false); // restarted elsewhere on the network
    expect(loadedFor(note, note.routerStartedAt, 'green', 'ccc333@172.18.0.4')).toBe(false); // replaced by a deploy
    expect(loadedFor(note, '2026-12-02T03:00:00Z', 'green', 'bbb222@172.18.0.4')).toBe(false); // the router restarted: it loaded the file
    expect(loadedFor(note, note.routerStartedAt, 'green', null)).toBe(false); // not running
    expect(loadedFor({ ...note, kept: { blue: 'aaa111@172.18.0.3' } }, note.routerStartedAt, 'green', 'bbb222@172.18.0.4')).toBe(false);
    expect(loadedFor(null, note.routerStartedAt, 'green', 'bbb222@172.18.0.4')).toBe(false);
  });
});
