import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextIgnore, isIgnored, parseDockerignore } from './dockerignore.js';

describe('isIgnored', () => {
  const rules = parseDockerignore('# comment\nnode_modules\n*.md\n!KEEP.md\n**/*.log\n/dist/\ntest\n');
  it.each([
    ['node_modules', true],
    ['node_modules/x/index.js', true],
    ['README.md', true],
    ['KEEP.md', false],
    ['docs/README.md', false], // `*` does not cross directories
    ['a.log', true],
    ['deep/er/a.log', true],
    ['dist', true],
    ['dist/server.js', true],
    ['test/server.test.ts', true],
    ['server.js', false],
    ['package.json', false],
  ])('%s → %s', (rel, expected) => {
    expect(isIgnored(rules, rel)).toBe(expected);
  });
});

describe('contextIgnore', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-ignore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('always keeps the Dockerfile and .dockerignore; keeps directories when exceptions exist', () => {
    writeFileSync(path.join(dir, '.dockerignore'), '*\n!server.js\n');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    for (const file of ['Dockerfile', 'server.js', 'notes.txt']) writeFileSync(path.join(dir, file), '');
    const ignore = contextIgnore(dir, 'Dockerfile');
    const result = ['Dockerfile', '.dockerignore', 'server.js', 'notes.txt', 'sub'].map((rel) => [rel, ignore(path.join(dir, rel))]);
    expect(result).toEqual([
      ['Dockerfile', false],
      ['.dockerignore', false],
      ['server.js', false],
      ['notes.txt', true],
      ['sub', false],
    ]);
  });

  it('ignores nothing without a .dockerignore', () => {
    const bare = mkdtempSync(path.join(dir, 'bare-'));
    expect(contextIgnore(bare, 'Dockerfile')(path.join(bare, 'anything'))).toBe(false);
  });
});
