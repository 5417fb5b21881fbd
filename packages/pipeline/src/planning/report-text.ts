// Pure: a release report → short lines for the terminal (`ferry report`). No I/O, no clock.
import type { ReleaseOutcome, ReleaseReport, ReportCanary, ReportLoadtest, ReportProbe, ReportScan, ReportStep } from '../state/report-types.js';
import { failureSparkline, sparkline } from './sparkline.js';
import { rollingLines } from './rolling-text.js';

export interface RenderOptions {
  width?: number;
  color?: boolean;
}

type Tone = 'good' | 'bad' | 'warn' | 'info';
interface Line {
  text: string;
  tone?: Tone;
}

const LABEL_WIDTH = 9;
const INDENT = '  ';
const PREFIX_WIDTH = INDENT.length + LABEL_WIDTH + 1;
const ANSI: Record<Tone, string> = { good: '32', bad: '31', warn: '33', info: '36' };

const OUTCOME_TEXT: Record<ReleaseOutcome, string> = {
  succeeded: 'succeeded',
  succeeded_with_warnings: 'succeeded, with warnings',
  noop: 'nothing to do',
  dry_run: 'dry run',
  rejected: 'rejected',
  rolled_back: 'rolled back',
  failed_unrecovered: 'FAILED, not recovered',
  abandoned: 'ABANDONED during recovery',
  staged: 'staged (not live: ferry promote or ferry abort)',
  aborted: 'aborted (the staged release was removed)',
};
const OUTCOME_TONE: Record<ReleaseOutcome, Tone> = {
  succeeded: 'good',
  succeeded_with_warnings: 'warn',
  noop: 'good',
  dry_run: 'info',
  rejected: 'warn',
  rolled_back: 'warn',
  failed_unrecovered: 'bad',
  abandoned: 'bad',
  staged: 'info',
  aborted: 'good',
};
const STEP_MARK: Record<ReportStep['state'], string> = { done: '✓', skipped: '-', failed: '✗', rolled_back: '↩' };
const STEP_TONE: Record<ReportStep['state'], Tone | undefined> = { done: 'good', skipped: undefined, failed: 'bad', rolled_back: 'warn' };

export function outcomeText(outcome: ReleaseOutcome): string {
  return OUTCOME_TEXT[outcome];
}

/** Up to one decimal, no trailing ".0": 3.14 → "3.1", 40 → "40". */
export function decimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A measured figure: one decimal from 1 up, two significant digits below (a rate of 0.004 must not read 0). */
export function figure(value: number): string {
  return Math.abs(value) >= 1 || value === 0 ? decimal(value) : String(Number(value.toPrecision(2)));
}

/** Human duration: "165 ms", "12.3 s", "2m 05s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${decimal(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** ISO time → "2026-11-24 17:30:00Z" (UTC, as stored; no local-zone surprises). */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The first 12 hex digits, as `docker images` shows ids and digests. */
export function shortHash(value: string): string {
  const match = /^(?:.*@)?(sha256:)?([0-9a-f]{12})[0-9a-f]*$/.exec(value);
  return match ? `${match[1] ?? ''}${match[2]}` : value;
}

export function renderReport(report: ReleaseReport, options: RenderOptions = {}): string[] {
  const width = options.width ?? 80;
  const lines: Line[] = [
    { text: `${report.action} ${report.env} ${report.tag} → ${outcomeText(report.outcome)} (exit ${report.exitCode}, ${formatMs(report.durationMs)})`, tone: OUTCOME_TONE[report.outcome] },
    ...(report.reason ? [row('reason', report.reason, 'bad')] : []),
    row('release', `${report.id} · app ${report.app} · ${formatTime(report.startedAt)}`),
    ...trafficLines(report),
    ...imageLines(report),
    ...stepLines(report.steps),
    ...(report.scan ? scanLines(report.scan) : []),
    ...databaseLines(report),
    ...(report.health ? [row('health', `healthy after ${formatMs(report.health.healthyAfterMs)} (${plural(report.health.attempts, 'attempt')})`)] : []),
    ...(report.canary ? canaryLines(report.canary) : []),
    ...(report.rolling ? rollingLines(report.rolling, formatMs).map((line, i) => row(i === 0 ? 'rolling' : '', line.text, line.bad ? 'bad' : undefined)) : []),
    ...(report.switchMs !== null ? [row('switch', formatMs(report.switchMs))] : []),
    ...(report.probe ? probeLines(report.probe, width) : []),
    ...(report.loadtest ? loadtestLines(report.loadtest) : []),
    ...verifyLines(report),
    ...report.notifications.map((n) => row('notify', `${n.target} ${n.ok ? 'sent' : 'failed'}${n.status !== undefined ? ` (HTTP ${n.status})` : ''}${n.error ? `: ${n.error}` : ''}`, n.ok ? undefined : 'warn')),
    ...report.warnings.map((warning) => row('warning', warning, 'warn')),
  ];
  return lines.map((line) => paint(fit(line.text, width), line.tone, options.color ?? false));
}

/** One line per report, for `ferry report --env E` without --id; columns aligned. */
export function renderReportList(reports: ReleaseReport[]): string[] {
  const actionWidth = Math.max(0, ...reports.map((r) => r.action.length));
  const tagWidth = Math.max(0, ...reports.map((r) => r.tag.length));
  return reports.map((r) =>
    [r.id, formatTime(r.startedAt), r.action.padEnd(actionWidth), r.tag.padEnd(tagWidth), outcomeText(r.outcome)].join('  '),
  );
}

function row(label: string, value: string, tone?: Tone): Line {
  return { text: `${INDENT}${label.padEnd(LABEL_WIDTH)} ${value}`, tone };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "blue v1 → green v2", or null when the release never touched traffic. */
export function trafficText(report: ReleaseReport): string | null {
  if (!report.from && !report.to) return null;
  const side = (part: ReleaseReport['from']) => (part ? `${part.colour} ${part.version}` : '(none)');
  return `${side(report.from)} → ${side(report.to)}`;
}

function trafficLines(report: ReleaseReport): Line[] {
  const traffic = trafficText(report);
  return traffic ? [row('traffic', traffic)] : [];
}

function imageLines(report: ReleaseReport): Line[] {
  const parts = [report.imageId && `id ${shortHash(report.imageId)}`, report.digest && `digest ${shortHash(report.digest)}`].filter(Boolean);
  return parts.length ? [row('image', parts.join(' · '))] : [];
}

function stepLines(steps: ReportStep[]): Line[] {
  if (steps.length === 0) return [];
  const counts = (['done', 'skipped', 'failed', 'rolled_back'] as const)
    .map((state) => [state, steps.filter((s) => s.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state.replace('_', ' ')}`);
  // Done steps are the expected path; only the exceptions get a line of their own.
  const exceptions = steps
    .filter((s) => s.state !== 'done')
    .map((s) => row('', `${STEP_MARK[s.state]} ${s.title}${s.durationMs !== null ? ` ${formatMs(s.durationMs)}` : ''}${s.note ? `: ${s.note}` : ''}`, STEP_TONE[s.state]));
  return [row('steps', counts.join(', ')), ...exceptions];
}

function scanLines(scan: ReportScan): Line[] {
  const counts = scan.counts && `${scan.counts.CRITICAL} critical, ${scan.counts.HIGH} high, ${scan.counts.MEDIUM} medium, ${scan.counts.LOW} low, ${scan.counts.UNKNOWN} unknown`;
  const blocking = scan.blocking?.length ? `blocking ${scan.blocking.join(', ')}` : undefined;
  const head = scan.reason ? `${scan.status}: ${scan.reason}` : scan.status;
  const tone: Tone | undefined = scan.status === 'failed' ? 'bad' : undefined;
  return [row('scan', [head, counts, blocking].filter(Boolean).join(' · '), tone)];
}

function databaseLines(report: ReleaseReport): Line[] {
  const db = report.database;
  if (!db) return [];
  const parts = [
    db.backupId ? `backup ${db.backupId}` : 'no backup',
    db.migrated ? 'migrated' : 'not migrated',
    db.restoredTables !== null ? `restored ${plural(db.restoredTables, 'table')}` : undefined,
  ];
  return [row('database', parts.filter(Boolean).join(' · '))];
}

function probeLines(probe: ReportProbe, width: number): Line[] {
  const summary = `${probe.requests} requests, ${probe.failures} failed · p50 ${decimal(probe.p50)} ms · p95 ${decimal(probe.p95)} ms · max ${decimal(probe.max)} ms`;
  const lines = [
    row('probe', summary, probe.failures > 0 ? 'bad' : undefined),
    row('', `${probe.rate}/s for ${formatMs(probe.durationMs)} on ${probe.url}`),
  ];
  if (probe.perSecond.length > 0) {
    const p95s = probe.perSecond.map((s) => s.p95);
    const failures = probe.perSecond.map((s) => s.failures);
    const latencyNote = ` ${decimal(Math.min(...p95s))}–${decimal(Math.max(...p95s))} ms`;
    const worst = Math.max(...failures);
    const failureNote = worst > 0 ? ` worst ${worst}/s` : ' none';
    lines.push(row('  p95/s', sparkline(p95s, { width: chartWidth(width, latencyNote) }) + latencyNote));
    lines.push(row('  fail/s', failureSparkline(failures, { width: chartWidth(width, failureNote) }) + failureNote, worst > 0 ? 'bad' : undefined));
  }
  if (probe.firstFailures.length > 0) lines.push(row('', `first failures: ${probe.firstFailures.join(', ')}`, 'bad'));
  return lines;
}

// The chart gets what is left of the line after the label column and its note.
function chartWidth(width: number, note: string): number {
  return Math.max(1, width - PREFIX_WIDTH - note.length);
}

const STEP_VERDICT_TONE: Record<ReportCanary['steps'][number]['verdict'], Tone> = { pass: 'good', promoted: 'good', fail: 'bad', aborted: 'bad', inconclusive: 'warn' };

/** Promoted, and whether a later failure (the switch, verify, monitor) then put all traffic back on the stable version. */
const promotedEnd = (canary: ReportCanary): string =>
  canary.rolledBackMs != null ? `promoted, then rolled back by a later failure: all traffic on stable confirmed in ${formatMs(canary.rolledBackMs)}` : 'promoted';

/** Each canary step: weight, what each colour answered in it, the verdict; then how it ended. */
function canaryLines(canary: ReportCanary): Line[] {
  const side = (f: { requests: number; failures: number; p95Ms: number }) => `${f.requests} req, ${f.failures} failed, p95 ${decimal(f.p95Ms)} ms`;
  const end = canary.outcome === 'aborted' ? `aborted${canary.abortToZeroMs !== null ? `, weight 0 confirmed ${formatMs(canary.abortToZeroMs)} after the decision` : ''}` : canary.outcome === 'promoted' ? promotedEnd(canary) : 'did not finish';
  return [
    row('canary', `${plural(canary.steps.length, 'step')} · ${end}`, canary.outcome === 'aborted' ? 'bad' : undefined),
    ...canary.steps.map((s) =>
      row(
        '',
        `${s.step}${s.extension ? `+${s.extension}` : ''}. ${s.weight} % for ${formatMs(s.durationMs)}: canary ${side(s.canary)} · stable ${side(s.stable)} (${s.source})${s.prometheus ? ` · prometheus ${s.prometheus.value ?? 'no value'}` : ''} → ${s.verdict}${s.reason ? `: ${s.reason}` : ''}`,
        STEP_VERDICT_TONE[s.verdict],
      ),
    ),
  ];
}

function loadtestLines(loadtest: ReportLoadtest): Line[] {
  if ('skipped' in loadtest) return [row('loadtest', `skipped: ${loadtest.skipped}`)];
  const head = [
    `${loadtest.engine} ${loadtest.scenario}`,
    loadtest.passed ? 'passed' : 'FAILED',
    loadtest.requests !== undefined ? `${loadtest.requests} requests` : undefined,
    loadtest.engineNote || undefined,
  ];
  return [
    row('loadtest', head.filter(Boolean).join(' · '), loadtest.passed ? undefined : 'bad'),
    ...loadtest.thresholds.map((t) =>
      row('', `${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression}${t.actual !== undefined ? ` (actual ${figure(t.actual)})` : ''}`, t.ok ? 'good' : 'bad'),
    ),
  ];
}

function verifyLines(report: ReleaseReport): Line[] {
  const verify = report.verify;
  if (!verify) return [];
  const parts = [verify.passed ? 'passed' : 'FAILED', `${plural(verify.total, 'test')}, ${verify.failed} failed`, verify.junitFile ? `junit ${verify.junitFile}` : undefined];
  return [row('verify', parts.filter(Boolean).join(' · '), verify.passed ? undefined : 'bad')];
}

/** Cuts a line to `width` columns (code points), marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return chars.slice(0, width - 1).join('') + '…';
}

// Colour is applied after fitting, so escape codes never count towards the width.
function paint(text: string, tone: Tone | undefined, color: boolean): string {
  return color && tone ? `\u001b[${ANSI[tone]}m${text}\u001b[39m` : text;
}
