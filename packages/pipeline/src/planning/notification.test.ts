import { describe, expect, it } from 'vitest';
import type { ReleaseReport } from '../state/report-types.js';
import { escapeMrkdwn, notificationPayload, notificationText } from './notification.js';
import { rejectedReport, rolledBackReport, succeededReport } from './report-test-fixtures.js';

const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });

describe('notificationPayload', () => {
  it('builds a Slack payload with a text fallback, header, fields and context for a success', () => {
    const text = 'Ferry: deploy v2 to staging succeeded in 12.3 s (switch 165 ms, 0 failed of 812 probe requests)';
    expect(notificationPayload(succeededReport)).toEqual({
      text,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Ferry deploy succeeded: web v2 on staging' } },
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'section',
          fields: [
            field('Environment', 'staging'),
            field('App', 'web'),
            field('Tag', 'v2'),
            field('Outcome', 'succeeded (exit 0)'),
            field('Duration', '12.3 s'),
            field('Traffic', 'blue v1 → green v2'),
            field('Image', 'sha256:4f2a9c81d07b'),
            field('Scan', 'passed (0 critical, 2 high)'),
            field('Probe', '0 failed of 812, p95 8.3 ms'),
            field('Load test', 'k6 smoke passed'),
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'release 20261124T173000Z-3f9a · exit 0' }] },
      ],
    });
  });

  it('a release that stands with warnings is a success that names them, never a rollback', () => {
    const report: ReleaseReport = { ...succeededReport, outcome: 'succeeded_with_warnings', warnings: ['Clean up failed after the release stood: EACCES'] };
    expect(notificationText(report)).toBe(
      'Ferry: deploy v2 to staging succeeded in 12.3 s (switch 165 ms, 0 failed of 812 probe requests); the release stands, with warnings: Clean up failed after the release stood: EACCES',
    );
  });

  it('says a rolled-back deploy failed, where traffic is, and why; mrkdwn is escaped in blocks only', () => {
    const payload = notificationPayload(rolledBackReport);
    expect(payload.text).toBe(
      'Ferry: deploy v3 to staging FAILED and was rolled back after 41.0 s (switch 165 ms, 5 failed of 118 probe requests); traffic is on v1 (blue). Reason: load test failed: http_req_duration p(95)<500 (actual 812.4)',
    );
    expect(payload.blocks?.[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Ferry deploy rolled back: web v3 on staging' } });
    expect(payload.blocks?.[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(payload.text) } });
    expect(JSON.stringify(payload.blocks)).toContain('p(95)&lt;500');
    expect(payload.blocks?.[2]).toMatchObject({
      fields: expect.arrayContaining([field('Scan', 'skipped: trivy is not on PATH'), field('Probe', '5 failed of 118, p95 120.5 ms'), field('Load test', 'fallback load FAILED')]),
    });
  });

  it('leaves out fields the report does not have', () => {
    expect(notificationPayload(rejectedReport)).toEqual({
      text: 'Ferry: deploy v4 to production was rejected, nothing changed. Reason: image web:v4 not found; build it first or pass an existing --tag',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Ferry deploy rejected: web v4 on production' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Ferry: deploy v4 to production was rejected, nothing changed. Reason: image web:v4 not found; build it first or pass an existing --tag' } },
        {
          type: 'section',
          fields: [field('Environment', 'production'), field('App', 'web'), field('Tag', 'v4'), field('Outcome', 'rejected (exit 2)'), field('Duration', '450 ms')],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'release 20261124T190000Z-0b2e · exit 2' }] },
      ],
    });
  });

  it('carries no URLs from the report (probe target, webhook targets)', () => {
    const withTarget: ReleaseReport = { ...rolledBackReport, notifications: [{ target: 'https://hooks.example.test/services/T0/B0/xyz', ok: true, at: 'x' }] };
    const json = JSON.stringify(notificationPayload(withTarget));
    expect(json).not.toContain('://');
    expect(json).not.toContain('hooks.example.test');
    expect(json).not.toContain('127.0.0.1');
  });

  it('keeps the header within Slack limits', () => {
    const long: ReleaseReport = { ...succeededReport, tag: 'v'.repeat(300) };
    const header = notificationPayload(long).blocks?.[0] as { text: { text: string } };
    expect(Array.from(header.text.text)).toHaveLength(150);
  });
});

describe('notificationText', () => {
  it('words every outcome distinctly', () => {
    const unrecovered: ReleaseReport = { ...rolledBackReport, outcome: 'failed_unrecovered', exitCode: 3, reason: 'rollback failed: nginx reload refused the old config' };
    const noop: ReleaseReport = { ...rejectedReport, outcome: 'noop', exitCode: 0, reason: 'v4 is already live on green' };
    const dryRun: ReleaseReport = { ...rejectedReport, outcome: 'dry_run', exitCode: 0, reason: null };
    expect([unrecovered, noop, dryRun].map(notificationText)).toEqual([
      'Ferry: deploy v3 to staging FAILED and was NOT recovered after 41.0 s (switch 165 ms, 5 failed of 118 probe requests); a human must act. Reason: rollback failed: nginx reload refused the old config',
      'Ferry: deploy v4 to production: nothing to do. Reason: v4 is already live on green',
      'Ferry: dry run of deploy v4 to production finished in 450 ms, nothing changed.',
    ]);
  });

  it('names each action in its own words', () => {
    const as = (action: ReleaseReport['action']) => notificationText({ ...succeededReport, action, tag: 'v1', switchMs: null, probe: null });
    expect([as('rollback'), as('migrate'), as('restore')]).toEqual([
      'Ferry: rollback of staging to v1 succeeded in 12.3 s',
      'Ferry: migrate of staging to v1 succeeded in 12.3 s',
      'Ferry: database restore of staging (v1) succeeded in 12.3 s',
    ]);
  });

  it('falls back to "the previous version" when the report does not know the live side', () => {
    expect(notificationText({ ...rolledBackReport, from: null, reason: null, switchMs: null, probe: null })).toBe(
      'Ferry: deploy v3 to staging FAILED and was rolled back after 41.0 s; traffic is on the previous version.',
    );
  });
});

describe('escapeMrkdwn', () => {
  it('escapes the three control characters', () => {
    expect(escapeMrkdwn('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
  });
});
