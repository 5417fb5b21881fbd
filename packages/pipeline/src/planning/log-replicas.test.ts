import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { chooseReplicas, linePrefixer } from './log-replicas.js';

const base = 'web-staging-blue';
const named = (...names: string[]) => names.map((name) => ({ name }));

describe('chooseReplicas', () => {
  it('every replica of the colour in replica order, or the one --replica names', () => {
    const replicas = named(`${base}-3`, base, `${base}-2`);
    expect(chooseReplicas(replicas, base, undefined, 'blue of staging')).toEqual(named(base, `${base}-2`, `${base}-3`));
    expect(chooseReplicas(replicas, base, '2', 'blue of staging')).toEqual(named(`${base}-2`));
    expect(chooseReplicas(replicas, base, '1', 'blue of staging')).toEqual(named(base));
  });

  it('a replica the colour does not run is exit 2 naming --replica and the replicas there are', () => {
    const replicas = named(base, `${base}-2`, `${base}-3`);
    for (const bad of ['9', '0', 'two', '-1', '1.5', '']) expect(() => chooseReplicas(replicas, base, bad, 'blue of staging')).toThrow(ConfigError);
    expect(() => chooseReplicas(replicas, base, '9', 'blue of staging')).toThrow('--replica 9: blue of staging runs replicas 1–3; pass --replica with one of them, or leave it out for all');
    expect(() => chooseReplicas(named(base), base, '2', 'blue of staging')).toThrow('--replica 2: blue of staging runs replica 1; pass');
    expect(() => chooseReplicas(named(base, `${base}-3`), base, '2', 'blue of staging')).toThrow('runs replicas 1, 3;');
  });
});

describe('linePrefixer', () => {
  it('heads each whole line with the prefix, holds a line not ended yet, and ends it at the end', () => {
    const lines = linePrefixer('web-2 | ');
    expect(lines.write('one\ntw')).toBe('web-2 | one\n');
    expect(lines.write('o\n\nthr')).toBe('web-2 | two\nweb-2 | \n');
    expect(lines.write('ee')).toBe('');
    expect(lines.end()).toBe('web-2 | three\n');
    expect(lines.end()).toBe('');
  });
});
