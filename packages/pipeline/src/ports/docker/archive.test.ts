import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { packFiles, readFirstFile } from './archive.js';

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
});
