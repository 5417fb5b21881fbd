import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { packFiles, readFirstFile, readTree } from './archive.js';

describe('archive', () => {
  it('what packFiles writes, readFirstFile reads back', async () => {
    const tar = await packFiles([
      { path: '/etc/nginx/nginx.conf', text: 'events {}\n', mode: 0o644 },
      { path: '/etc/nginx/other.conf', text: 'x', mode: 0o600 },
    ]);
    expect(await readFirstFile(Readable.from([tar]))).toBe('events {}\n');
  });

  it('an archive without a file reads as null', async () => {
    expect(await readFirstFile(Readable.from([await packFiles([])]))).toBeNull();
  });

  it('readTree: every file and link of a directory archive, by absolute path, as the engine names them (from the directory itself)', async () => {
    // the engine's archive of /etc/nginx names its entries nginx/...
    const tar = await packFiles([
      { path: '/nginx/nginx.conf', text: 'events {}\n', mode: 0o644 },
      { path: '/nginx/ferry-live', linkTo: 'ferry-colours/green' },
      { path: '/nginx/ferry-tls/key.pem', text: 'KEY', mode: 0o600 },
    ]);
    const tree = await readTree(Readable.from([tar]), '/etc/nginx');
    expect(Object.fromEntries(tree)).toEqual({
      '/etc/nginx/nginx.conf': { text: 'events {}\n' },
      '/etc/nginx/ferry-live': { linkTo: 'ferry-colours/green' },
      '/etc/nginx/ferry-tls/key.pem': { text: 'KEY' },
    });
  });
});
