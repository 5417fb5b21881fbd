import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { renderReport } from '@ferry/pipeline';
import { scrollWindow } from '../components/ScrollPane.js';
import { ColorContext } from '../components/theme.js';
import { activeLogs, fakeApi, KEYS, reportsOf, text, tick, validation, waitForFrame } from '../../test/support/frames.js';
import { HistoryScreen } from './HistoryScreen.js';
import { LogsScreen } from './LogsScreen.js';
import { chosenReport, ReportScreen } from './ReportScreen.js';
import { validationColor, validationVerdict, ValidateScreen } from './ValidateScreen.js';

const handlers = () => ({ onBack: vi.fn(), onQuit: vi.fn() });
const fits = (frame: string, height = 24) => {
  expect(frame.split('\n').length).toBeLessThanOrEqual(height);
  expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
};

describe('scrollWindow', () => {
  it('clamps to the content and says what is above and below', () => {
    expect(scrollWindow(10, 4, 0)).toEqual({ top: 0, end: 4, above: 0, below: 6 });
    expect(scrollWindow(10, 4, 99)).toEqual({ top: 6, end: 10, above: 6, below: 0 });
    expect(scrollWindow(10, 4, -3)).toEqual({ top: 0, end: 4, above: 0, below: 6 });
    expect(scrollWindow(3, 4, 5)).toEqual({ top: 0, end: 3, above: 0, below: 0 });
  });
});

describe('ValidateScreen', () => {
  it('shows a spinner with the time so far, then the checks with the verdict', async () => {
    let answer: (v: ReturnType<typeof validation>) => void = () => undefined;
    const api = fakeApi({ validateDeployment: () => new Promise((resolve) => (answer = resolve)) });
    const { lastFrame, unmount } = render(<ValidateScreen api={api} environmentsDir="envs" env="local" width={80} height={24} {...handlers()} />);
    const running = await waitForFrame(lastFrame, (f) => f.includes('running the checks'));
    expect(running).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running the checks against what local serves… \d+ms/);
    expect(running).not.toContain('r run again');
    answer(validation());
    const frame = await waitForFrame(lastFrame, (f) => f.includes('verification passed'));
    expect(frame).toMatchInlineSnapshot(`
      "ferry Validate local  smoke · performance · dependencies against the router

      ✔ passed: 4 of 4 checks in 3.1s
      validate local (active v1 via http://127.0.0.1:8080):
      smoke
        ✓ GET /health answers 200 (14 ms)
        ✓ GET /version answers the active tag v1 (6 ms)
      performance
        ✓ GET /health p95 within 500 ms over 20 samples (180 ms)
        ✓ 5 parallel GET /health all answer 2xx (25 ms)
      JUnit XML: /work/reports/junit/verify-local.xml
      verification passed: 4 passed, 0 failed, 0 skipped in 3.1 s against http://127.…

      ↑↓ u/d g/G scroll  r run again  esc/b back  q quit"
    `);
    fits(frame);
    unmount();
  });

  it('says how many checks ran, failed and were skipped', () => {
    const skipping = validation();
    skipping.result.tests.push({ suite: 'dependencies', name: 'database check (verify.database not configured)', ok: true, skipped: true, durationMs: 0 });
    skipping.result.total += 1;
    expect(validationVerdict(skipping)).toBe('passed: 4 of 4 checks, 1 skipped in 3.1s');
    expect(validationVerdict(validation(false))).toBe('FAILED: 1 of 4 checks failed in 3.1s');
  });

  it('colours ✓ and a passed total green, ✗ and a failed total red', () => {
    expect(['  ✓ GET /health answers 200 (14 ms)', '  ✗ GET /version (6 ms)', 'verification passed: 4 passed', 'verification FAILED: 1 failed', 'smoke'].map(validationColor)).toEqual(['green', 'red', 'green', 'red', undefined]);
  });

  it('shows a failure with its message; r runs the checks again; esc/b back, q quit', async () => {
    const validateDeployment = vi.fn(async () => validation(false));
    const on = handlers();
    const { lastFrame, stdin, unmount } = render(<ValidateScreen api={fakeApi({ validateDeployment })} environmentsDir="envs" env="local" width={80} height={24} {...on} />);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('verification FAILED'));
    expect(frame).toContain('✖ FAILED: 1 of 4 checks failed in 3.1s');
    expect(frame).toContain('  ✗ GET /version answers the active tag v1 (6 ms)');
    expect(frame).toContain('      expected version v1, got v0');
    stdin.write('r');
    await waitForFrame(lastFrame, () => validateDeployment.mock.calls.length === 2);
    await waitForFrame(lastFrame, (f) => f.includes('verification FAILED'));
    stdin.write('b');
    stdin.write(KEYS.escape);
    await tick(30);
    stdin.write('q');
    await tick(20);
    expect(on.onBack).toHaveBeenCalledTimes(2);
    expect(on.onQuit).toHaveBeenCalledTimes(1);
    unmount();
  });

  it('shows an error (nothing deployed) instead of crashing, and r tries again', async () => {
    const validateDeployment = vi.fn(async () => {
      throw new Error('nothing serves on local: deploy first (ferry deploy --env local --tag T)');
    });
    const { lastFrame, stdin, unmount } = render(<ValidateScreen api={fakeApi({ validateDeployment })} environmentsDir="envs" env="local" width={80} height={24} {...handlers()} />);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('✖'));
    expect(frame.split('\n').slice(2, 4)).toEqual(['✖ nothing serves on local: deploy first (ferry deploy --env local --tag T)', 'r tries again']);
    stdin.write('r');
    await waitForFrame(lastFrame, () => validateDeployment.mock.calls.length === 2);
    unmount();
  });

  it('scrolls long output within 24 rows', async () => {
    const long = validation();
    long.lines = Array.from({ length: 40 }, (_, i) => `  ✓ check ${i + 1} (1 ms)`);
    const { lastFrame, stdin, unmount } = render(<ValidateScreen api={fakeApi({ validateDeployment: async () => long })} environmentsDir="envs" env="local" width={80} height={24} {...handlers()} />);
    let frame = await waitForFrame(lastFrame, (f) => f.includes('check 1 '));
    expect(frame).toContain('lines 1–17 of 40 · 23 more below');
    fits(frame);
    stdin.write('d');
    frame = await waitForFrame(lastFrame, (f) => f.includes('lines 9–25'));
    stdin.write('G');
    frame = await waitForFrame(lastFrame, (f) => f.includes('lines 24–40 of 40'));
    expect(frame).toContain('check 40 ');
    stdin.write('g');
    await waitForFrame(lastFrame, (f) => f.includes('lines 1–17'));
    stdin.write(KEYS.down);
    await waitForFrame(lastFrame, (f) => f.includes('lines 2–18'));
    unmount();
  });

  it('NO_COLOR: the frame carries no colour codes', async () => {
    const { lastFrame, unmount } = render(
      <ColorContext.Provider value={false}>
        <ValidateScreen api={fakeApi()} environmentsDir="envs" env="local" width={80} height={24} {...handlers()} />
      </ColorContext.Provider>,
    );
    await waitForFrame(lastFrame, (f) => f.includes('verification passed'));
    expect(lastFrame()).not.toMatch(/\u001B\[3[0-9]m/);
    unmount();
  });
});

describe('LogsScreen', () => {
  it('shows the container and version, starts at the tail, scrolls, and r reads again', async () => {
    const readActiveLogs = vi.fn(async () => activeLogs(60));
    const on = handlers();
    const { lastFrame, stdin, unmount } = render(<LogsScreen api={fakeApi({ readActiveLogs })} environmentsDir="envs" env="local" width={80} height={24} {...on} />);
    let frame = await waitForFrame(lastFrame, (f) => f.includes('web-local-blue'));
    expect(frame).toMatchInlineSnapshot(`
      "ferry Logs of local

      web-local-blue · version v1 · last 60 of at most 200 lines
      GET /health 200 44
      GET /health 200 45
      GET /health 200 46
      GET /health 200 47
      GET /health 200 48
      GET /health 200 49
      GET /health 200 50
      GET /health 200 51
      GET /health 200 52
      GET /health 200 53
      GET /health 200 54
      GET /health 200 55
      GET /health 200 56
      GET /health 200 57
      GET /health 200 58
      GET /health 200 59
      GET /health 200 60
      lines 44–60 of 60

      ↑↓ u/d g/G scroll  r refresh  esc/b back  q quit"
    `);
    expect(readActiveLogs).toHaveBeenCalledWith(expect.objectContaining({ name: 'local' }), 200, expect.any(AbortSignal));
    fits(frame);
    stdin.write('u');
    frame = await waitForFrame(lastFrame, (f) => f.includes('lines 36–52'));
    stdin.write(KEYS.up);
    frame = await waitForFrame(lastFrame, (f) => f.includes('lines 35–51'));
    expect(frame).toContain('GET /health 200 35');
    stdin.write('r');
    await waitForFrame(lastFrame, () => readActiveLogs.mock.calls.length === 2);
    frame = await waitForFrame(lastFrame, (f) => f.includes('lines 44–60 of 60'));
    stdin.write(KEYS.escape);
    await tick(20);
    expect(on.onBack).toHaveBeenCalledTimes(1);
    unmount();
  });

  it('says nothing is being served when no container serves', async () => {
    const { lastFrame, unmount } = render(<LogsScreen api={fakeApi({ readActiveLogs: async () => null })} environmentsDir="envs" env="local" width={80} height={24} {...handlers()} />);
    expect(await waitForFrame(lastFrame, (f) => f.includes('Nothing'))).toContain('Nothing is being served on local: there is no active container to read logs from.');
    unmount();
  });
});

describe('ReportScreen', () => {
  it('picks the report asked for, the only one, or none (then the list is shown)', () => {
    const [first, second] = reportsOf('local');
    expect(chosenReport([first!, second!], first!.id)).toBe(first);
    expect(chosenReport([first!, second!], 'nope')).toBe('missing');
    expect(chosenReport([second!], null)).toBe(second);
    expect(chosenReport([first!, second!], null)).toBeNull();
  });

  it('lists several reports newest first; enter reads one with its sparklines; esc returns to the list', async () => {
    const on = handlers();
    const { lastFrame, stdin, unmount } = render(<ReportScreen api={fakeApi()} environmentsDir="envs" env="local" width={80} height={24} {...on} />);
    let frame = await waitForFrame(lastFrame, (f) => f.includes('which one?'));
    expect(frame).toMatchInlineSnapshot(`
      "ferry Reports of local: which one?  2, newest first

      ❯ 20261124T180000Z-77c1  2026-11-24 18:00:00Z  deploy  v3  rolled back
        20261124T173000Z-3f9a  2026-11-24 17:30:00Z  deploy  v2  succeeded

      ↑↓ move  enter read  esc/b back  q quit"
    `);
    stdin.write(KEYS.down);
    await tick(20);
    stdin.write(KEYS.enter);
    frame = await waitForFrame(lastFrame, (f) => f.includes('Report 20261124T173000Z-3f9a'));
    expect(frame).toMatchInlineSnapshot(`
      "ferry Report 20261124T173000Z-3f9a  local

      deploy local v2 → succeeded (exit 0, 12.3 s)
        release   20261124T173000Z-3f9a · app web · 2026-11-24 17:30:00Z
        traffic   blue v1 → green v2
        image     id sha256:4f2a9c81d07b · digest sha256:9b8a7c6d5e4f
        steps     3 done, 1 skipped
                  - push: no registry configured
        scan      passed · 0 critical, 2 high, 5 medium, 9 low, 0 unknown
        database  backup 20261124T173001Z-web.dump · migrated
        health    healthy after 2.4 s (3 attempts)
        switch    165 ms
        probe     812 requests, 0 failed · p50 3.1 ms · p95 8.3 ms · max 40 ms
                  20/s for 8.0 s on http://127.0.0.1:8080/health
          p95/s   ▁▁▂█▂▁▁▁ 4–30 ms
          fail/s  ········ none
        loadtest  k6 smoke · passed · 1200 requests
                  ✓ http_req_duration p(95)<500 (actual 30)
                  ✓ http_req_failed rate<0.01 (actual 0)
        verify    passed · 12 tests, 0 failed · junit reports/20261124T173000Z-3f9a.j…
      lines 1–18 of 19 · 1 more below

      ↑↓ u/d g/G scroll  esc/b list  q quit"
    `);
    fits(frame);
    stdin.write(KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('which one?'));
    expect(on.onBack).not.toHaveBeenCalled();
    stdin.write(KEYS.escape);
    await tick(20);
    expect(on.onBack).toHaveBeenCalledTimes(1);
    unmount();
  });

  it('shows the run’s own report when given its id, at the terminal width', async () => {
    const [, rolledBack] = reportsOf('local');
    const { lastFrame, unmount } = render(<ReportScreen api={fakeApi()} environmentsDir="envs" env="local" releaseId={rolledBack!.id} width={60} height={40} {...handlers()} />);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Report 20261124T180000Z-77c1'));
    expect(frame.split('\n').slice(2, -2)).toEqual(renderReport(rolledBack!, { width: 60 }));
    unmount();
  });

  it('says when there are no reports, and when the asked-for one is missing', async () => {
    const none = render(<ReportScreen api={fakeApi({ listReports: async () => [] })} environmentsDir="envs" env="local" width={80} height={24} {...handlers()} />);
    expect(await waitForFrame(none.lastFrame, (f) => f.includes('No reports'))).toContain('No reports yet: every deploy and rollback that changes something writes one.');
    none.unmount();
    const missing = render(<ReportScreen api={fakeApi()} environmentsDir="envs" env="local" releaseId="r-gone" width={80} height={24} {...handlers()} />);
    expect(await waitForFrame(missing.lastFrame, (f) => f.includes('No report'))).toContain('✖ No report r-gone in /srv/ferry/local/reports');
    missing.unmount();
  });
});

describe('HistoryScreen', () => {
  it('names each ledger line that is not a release record above the releases, never its text', async () => {
    const skipped = 'history.jsonl line 2 is not a release record (torn or edited by hand): skipped';
    const api = fakeApi({ readHistory: async () => ({ entries: [], skipped: [skipped] }) });
    const { lastFrame, unmount } = render(<HistoryScreen api={api} environmentsDir="envs" env="local" onBack={vi.fn()} />);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('No releases yet.'));
    expect(frame).toContain(`⚠ ${skipped}`);
    expect(frame.indexOf('⚠')).toBeLessThan(frame.indexOf('No releases yet.'));
    unmount();
  });
});
