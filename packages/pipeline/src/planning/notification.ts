// Pure: a release report → a Slack-compatible incoming-webhook payload. `text` is always set
// (it is the fallback for clients and for plain webhooks); `blocks` add a header and fields.
// Only report figures go in: the report holds no secrets, and nothing else is added here.
import type { ReleaseReport } from '../state/report-types.js';
import { fit, formatMs, outcomeText, shortHash, trafficText } from './report-text.js';

export interface NotificationPayload {
  text: string;
  blocks?: unknown[];
}

// Slack's documented limits: header text 150, section text 3000, field text 2000, 10 fields.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_MAX = 10;

export function notificationPayload(report: ReleaseReport): NotificationPayload {
  const text = notificationText(report);
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: fit(`Ferry ${report.action} ${outcomeText(report.outcome)}: ${report.app} ${report.tag} on ${report.env}`, HEADER_MAX) } },
      { type: 'section', text: { type: 'mrkdwn', text: fit(escapeMrkdwn(text), SECTION_MAX) } },
      { type: 'section', fields: fields(report) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`release ${report.id} · exit ${report.exitCode}`) }] },
    ],
  };
}

/** One sentence a person can act on, the same words in every chat client. */
export function notificationText(report: ReleaseReport): string {
  const what = subject(report);
  const took = formatMs(report.durationMs);
  const reason = report.reason ? ` Reason: ${report.reason}` : '';
  switch (report.outcome) {
    case 'succeeded':
      return `Ferry: ${what} succeeded in ${took}${evidence(report)}`;
    case 'succeeded_with_warnings':
      return `Ferry: ${what} succeeded in ${took}${evidence(report)}; the release stands, with warnings: ${report.warnings.join('; ')}`;
    case 'rolled_back':
      return `Ferry: ${what} FAILED and was rolled back after ${took}${evidence(report)}; ${liveSide(report)}.${reason}`;
    case 'failed_unrecovered':
      return `Ferry: ${what} FAILED and was NOT recovered after ${took}${evidence(report)}; a human must act.${reason}`;
    case 'abandoned':
      return `Ferry: ${what} was ABANDONED by a second signal during its recovery after ${took}${evidence(report)}; a human must act.${reason}`;
    case 'rejected':
      return `Ferry: ${what} was rejected, nothing changed.${reason}`;
    case 'noop':
      return `Ferry: ${what}: nothing to do.${reason}`;
    case 'staged':
      return `Ferry: ${what} is staged after ${took}, healthy and not live: ferry promote --env ${report.env} switches to it, ferry abort --env ${report.env} removes it.`;
    case 'aborted':
      return `Ferry: ${what}: the staged ${report.tag} was removed after ${took}; traffic was not touched.`;
    case 'dry_run':
      return `Ferry: dry run of ${what} finished in ${took}, nothing changed.`;
  }
}

function subject(report: ReleaseReport): string {
  switch (report.action) {
    case 'deploy':
      return `deploy ${report.tag} to ${report.env}`;
    case 'rollback':
      return `rollback of ${report.env} to ${report.tag}`;
    case 'migrate':
      return `migrate of ${report.env} to ${report.tag}`;
    case 'restore':
      return `database restore of ${report.env} (${report.tag})`;
    case 'promote':
      return `promote of ${report.tag} on ${report.env}`;
    case 'abort':
      return `abort of the staged ${report.tag} on ${report.env}`;
  }
}

// The figures that prove a zero-downtime switch: how long it took and what traffic saw.
function evidence(report: ReleaseReport): string {
  const parts = [
    report.switchMs !== null ? `switch ${formatMs(report.switchMs)}` : undefined,
    report.probe ? `${report.probe.failures} failed of ${report.probe.requests} probe requests` : undefined,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function liveSide(report: ReleaseReport): string {
  return report.from ? `traffic is on ${report.from.version} (${report.from.colour})` : 'traffic is on the previous version';
}

function fields(report: ReleaseReport): unknown[] {
  const loadtest = report.loadtest && ('skipped' in report.loadtest ? `skipped: ${report.loadtest.skipped}` : `${report.loadtest.engine} ${report.loadtest.scenario} ${report.loadtest.passed ? 'passed' : 'FAILED'}`);
  const probe = report.probe && `${report.probe.failures} failed of ${report.probe.requests}, p95 ${formatMs(report.probe.p95)}`;
  const pairs: [string, string | null | undefined][] = [
    ['Environment', report.env],
    ['App', report.app],
    ['Tag', report.tag],
    ['Outcome', `${outcomeText(report.outcome)} (exit ${report.exitCode})`],
    ['Duration', formatMs(report.durationMs)],
    ['Traffic', trafficText(report)],
    ['Image', report.imageId ? shortHash(report.imageId) : undefined],
    ['Scan', report.scan && scanSummary(report.scan)],
    ['Probe', probe],
    ['Load test', loadtest],
  ];
  return pairs
    .filter((pair): pair is [string, string] => Boolean(pair[1]))
    .slice(0, FIELDS_MAX)
    .map(([label, value]) => ({ type: 'mrkdwn', text: fit(`*${label}*\n${escapeMrkdwn(value)}`, FIELD_MAX) }));
}

function scanSummary(scan: NonNullable<ReleaseReport['scan']>): string {
  if (scan.status === 'skipped') return `skipped${scan.reason ? `: ${scan.reason}` : ''}`;
  const counts = scan.counts ? ` (${scan.counts.CRITICAL} critical, ${scan.counts.HIGH} high)` : '';
  return `${scan.status}${counts}`;
}

/** Slack mrkdwn treats &, < and > as control characters; everything else is literal enough. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
