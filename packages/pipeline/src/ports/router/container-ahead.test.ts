import { describe, expect, it } from 'vitest';
import { aheadCovers, aheadMainConf, type ConfigInputs } from './container-ahead.js';
import { renderContainerMainConf } from './container-config.js';

const main = renderContainerMainConf({ app: 'demo', env: 'staging', drainMs: 5000 });

describe('a split config tested ahead', () => {
  it('the side main conf is the main conf with its one include pointing at the side copy, nothing else', () => {
    const side = aheadMainConf(main)!;
    expect(side).toBe(main.replace('    include /etc/nginx/ferry-upstream.conf;\n', '    include /etc/nginx/ferry-upstream-ahead.conf;\n'));
    expect(side).not.toBe(main);
    expect(side.split('\n').filter((line, i) => line !== main.split('\n')[i])).toEqual(['    include /etc/nginx/ferry-upstream-ahead.conf;']);
  });

  it('no side main conf when the include is not there exactly once (the change then tests itself)', () => {
    expect(aheadMainConf(main.replace('    include /etc/nginx/ferry-upstream.conf;\n', ''))).toBeNull();
    expect(aheadMainConf(`${main}    include /etc/nginx/ferry-upstream.conf;\n`)).toBeNull();
  });

  it('covers a change only for the same bytes of both files and the same containers behind the names', () => {
    const tested: ConfigInputs = { main, upstream: 'upstream ferry_split { server demo-staging-green:3000 weight=1; }\n', identities: { blue: 'aaa@172.18.0.3', green: 'bbb@172.18.0.4' } };
    expect(aheadCovers(tested, { ...tested, identities: { ...tested.identities } })).toBe(true);
    expect(aheadCovers(null, tested)).toBe(false);
    expect(aheadCovers(tested, { ...tested, upstream: tested.upstream.replace('weight=1', 'weight=3') })).toBe(false);
    expect(aheadCovers(tested, { ...tested, upstream: `${tested.upstream}\n` })).toBe(false);
    expect(aheadCovers(tested, { ...tested, main: `${main} ` })).toBe(false);
    expect(aheadCovers(tested, { ...tested, main: null })).toBe(false);
    expect(aheadCovers({ ...tested, main: null }, { ...tested, main: null })).toBe(false);
    expect(aheadCovers(tested, { ...tested, identities: { blue: 'aaa@172.18.0.3', green: 'ccc@172.18.0.4' } })).toBe(false);
    expect(aheadCovers(tested, { ...tested, identities: { blue: 'aaa@172.18.0.5', green: 'bbb@172.18.0.4' } })).toBe(false);
    expect(aheadCovers(tested, { ...tested, identities: { blue: 'aaa@172.18.0.3', green: null } })).toBe(false);
  });
});
