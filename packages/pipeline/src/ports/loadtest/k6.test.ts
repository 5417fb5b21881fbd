import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findK6 } from './k6.js';

describe('findK6', () => {
  const root = mkdtempSync(join(tmpdir(), 'ferry-findk6-'));
  const empty = join(root, 'empty');
  const notExecutable = join(root, 'plain');
  const installed = join(root, 'bin');
  const asDirectory = join(root, 'dir');
  for (const dir of [empty, notExecutable, installed, asDirectory]) mkdirSync(dir);
  writeFileSync(join(notExecutable, 'k6'), '');
  writeFileSync(join(installed, 'k6'), '#!/bin/sh\n');
  chmodSync(join(installed, 'k6'), 0o755);
  mkdirSync(join(asDirectory, 'k6'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('returns the first executable k6 file on PATH', () => {
    expect(findK6([empty, notExecutable, asDirectory, installed].join(delimiter))).toBe(join(installed, 'k6'));
  });

  it('returns null when PATH has none, is empty or unset', () => {
    expect(findK6([empty, notExecutable, asDirectory].join(delimiter))).toBeNull();
    expect(findK6('')).toBeNull();
    expect(findK6(undefined)).toBeNull();
  });
});
