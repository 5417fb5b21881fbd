import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, KEYS, tick, version, waitForFrame } from '../../test/support/frames.js';
import { ActionPicker } from './ActionPicker.js';
import { Confirm } from './Confirm.js';
import { EnvironmentPicker } from './EnvironmentPicker.js';
import { RollbackPicker } from './RollbackPicker.js';
import { TagPicker } from './TagPicker.js';

describe('EnvironmentPicker', () => {
  it('lists every environment with what it serves, and an error on the one that cannot be read', async () => {
    const api = fakeApi({
      listEnvironments: async () => ['local', 'production', 'broken'],
      loadEnvironment: async ({ env }) => {
        if (env === 'broken') throw new Error('environments/broken.yaml: health/interval: should be a duration like "2s"');
        return { name: env, approval: env === 'production' ? 'required' : 'none' } as never;
      },
    });
    const { lastFrame, unmount } = render(<EnvironmentPicker api={api} environmentsDir="envs" onPick={() => undefined} onQuit={() => undefined} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('broken'))).toBe(
      [
        'ferry Pick an environment  envs',
        '',
        '❯ local           blue v1 (healthy)',
        '  production      not deployed · approval required',
        '  broken          error: environments/broken.yaml: health/interval: should be a duration like "2s"',
        '',
        '↑↓ move  enter pick  q quit',
      ].join('\n'),
    );
    unmount();
  });

  it('says so when the directory has no environments', async () => {
    const { lastFrame, unmount } = render(<EnvironmentPicker api={fakeApi({ listEnvironments: async () => [] })} environmentsDir="empty" onPick={() => undefined} onQuit={() => undefined} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('✖'))).toContain('✖ no environment files in empty');
    unmount();
  });

  it('picks with j and enter, quits with q', async () => {
    const onPick = vi.fn();
    const onQuit = vi.fn();
    const { lastFrame, stdin, unmount } = render(<EnvironmentPicker api={fakeApi()} environmentsDir="envs" onPick={onPick} onQuit={onQuit} />);
    await waitForFrame(lastFrame, (f) => f.includes('production'));
    stdin.write('j');
    await tick(10);
    expect(await waitForFrame(lastFrame, (f) => f.includes('❯ production'))).toContain('❯ production');
    stdin.write(KEYS.enter);
    await tick(10);
    expect(onPick).toHaveBeenCalledWith('production');
    stdin.write('q');
    await tick(10);
    expect(onQuit).toHaveBeenCalled();
    unmount();
  });
});

describe('ActionPicker', () => {
  it('offers every action, and esc goes back', async () => {
    const onBack = vi.fn();
    const { lastFrame, stdin, unmount } = render(<ActionPicker env="local" onPick={() => undefined} onBack={onBack} onQuit={() => undefined} />);
    const lines = (await waitForFrame(lastFrame, (f) => f.includes('report'))).split('\n');
    expect(lines[0]).toBe('ferry What to do on local?');
    expect(lines.slice(2, 9).map((l) => l.slice(0, 12).trim())).toEqual(['❯ deploy', 'rollback', 'validate', 'status', 'history', 'logs', 'report']);
    stdin.write(KEYS.escape);
    await tick(30);
    expect(onBack).toHaveBeenCalled();
    unmount();
  });
});

describe('TagPicker', () => {
  it('shows recent and local tags, refuses an empty tag, and ↓ fills the input', async () => {
    const onPick = vi.fn();
    const api = fakeApi({
      listVersions: async () => [version('v1', { active: true, rollback: null, deployedAt: '2025-01-02T03:04:05Z' }), version('v2', { rollback: null }), version('v0', { rollback: 'warm' })],
    });
    const { lastFrame, stdin, unmount } = render(<TagPicker api={api} environmentsDir="envs" env="local" onPick={onPick} onBack={() => undefined} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('v0'))).toBe(
      [
        'ferry Deploy to local: which tag?',
        '',
        'Tag: e.g. v1.2.3█',
        '',
        '❯ v1            active · live 2025-01-02 03:04',
        '  v2            local image',
        '  v0            warm: standby still running, instant switch',
        '',
        'type tag  ↑↓ recent/local tags  enter deploy  esc back',
      ].join('\n'),
    );
    stdin.write(KEYS.enter);
    expect(await waitForFrame(lastFrame, (f) => f.includes('✖'))).toContain('✖ type a tag, or pick one with ↑/↓');
    stdin.write(KEYS.down);
    expect(await waitForFrame(lastFrame, (f) => f.includes('Tag: v2'))).toContain('❯ v2');
    stdin.write(KEYS.enter);
    await tick(10);
    expect(onPick).toHaveBeenCalledWith('v2');
    unmount();
  });

  it('takes a tag and its Enter written as ONE chunk ("v1\\r", a paste or a fast typist): onPick gets v1', async () => {
    const onPick = vi.fn();
    const { lastFrame, stdin, unmount } = render(<TagPicker api={fakeApi()} environmentsDir="envs" env="local" onPick={onPick} onBack={() => undefined} />);
    await waitForFrame(lastFrame, (f) => f.includes('v0'));
    stdin.write('v1\r');
    await tick(30);
    expect(onPick).toHaveBeenCalledWith('v1');
    expect(onPick).toHaveBeenCalledTimes(1);
    unmount();
  });
});

describe('RollbackPicker', () => {
  it('lists kept versions as warm/cold/gone; gone cannot be picked', async () => {
    const onPick = vi.fn();
    const api = fakeApi({
      listVersions: async () => [version('v3', { active: true, rollback: null }), version('v2', { rollback: 'gone', imageLocal: false }), version('v1', { rollback: 'cold' })],
    });
    const { lastFrame, stdin, unmount } = render(<RollbackPicker api={api} environmentsDir="envs" env="local" onPick={onPick} onBack={() => undefined} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('v1'))).toBe(
      [
        'ferry Roll back local: to which version?  active: v3',
        '',
        '  v2            gone: image pruned, cannot roll back',
        '❯ v1            cold: starts from its image',
        '',
        '↑↓ move  enter roll back  esc back',
      ].join('\n'),
    );
    stdin.write(KEYS.up); // onto the gone one: refused, the cursor stays
    await tick(10);
    stdin.write(KEYS.enter);
    await tick(10);
    expect(onPick).toHaveBeenCalledWith('v1');
    unmount();
  });

  it('says when there is nothing to roll back to', async () => {
    const api = fakeApi({ listVersions: async () => [version('v1', { active: true, rollback: null })] });
    const { lastFrame, unmount } = render(<RollbackPicker api={api} environmentsDir="envs" env="local" onPick={() => undefined} onBack={() => undefined} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('Nothing'))).toContain('Nothing to roll back to: local has no earlier version.');
    unmount();
  });
});

describe('Confirm', () => {
  it('asks y/enter when the environment needs no approval', async () => {
    const onConfirm = vi.fn();
    const { lastFrame, stdin, unmount } = render(<Confirm api={fakeApi()} environmentsDir="envs" request={{ action: 'deploy', env: 'local', tag: 'v2' }} onConfirm={onConfirm} onBack={() => undefined} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('?'))).toBe(['ferry Confirm', '', 'Deploy v2 to local?', '', 'y/enter run  n/esc back'].join('\n'));
    stdin.write('y');
    await tick(10);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    unmount();
  });

  it('makes a person type the name of an approval-required environment', async () => {
    const onConfirm = vi.fn();
    const { lastFrame, stdin, unmount } = render(
      <Confirm api={fakeApi()} environmentsDir="envs" request={{ action: 'rollback', env: 'production', to: 'v1' }} onConfirm={onConfirm} onBack={() => undefined} />,
    );
    expect(await waitForFrame(lastFrame, (f) => f.includes('type'))).toBe(
      ['ferry Approval required', '', 'production has approval: required. To roll back production to v1, type production:', '> █', '', 'type production  enter approve  esc back'].join('\n'),
    );
    stdin.write('y'); // not a shortcut here
    await tick(10);
    stdin.write(KEYS.enter);
    expect(await waitForFrame(lastFrame, (f) => f.includes('✖'))).toContain('✖ "y" is not "production"; nothing was changed');
    expect(onConfirm).not.toHaveBeenCalled();
    stdin.write(KEYS.backspace);
    await tick(10);
    stdin.write('production');
    await tick(10);
    stdin.write(KEYS.enter);
    await tick(10);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    unmount();
  });
});
