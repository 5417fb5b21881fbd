// The deploy report: one JSON document per release at <state_dir>/reports/<id>.json.
// It proves what happened; it never holds secret values (env values, webhook URLs).

export interface ReleaseReport {
  schema: 1;
  id: string; env: string; app: string; action: 'deploy' | 'rollback' | 'migrate' | 'restore' | 'promote' | 'abort';
  tag: string; imageId: string | null; digest: string | null;
  startedAt: string; endedAt: string; durationMs: number;
  outcome: 'succeeded' | 'succeeded_with_warnings' | 'noop' | 'dry_run' | 'rejected' | 'rolled_back' | 'failed_unrecovered' | 'abandoned' | 'staged' | 'aborted'; exitCode: number;
  reason: string | null; // why it failed / rolled back
  from: { colour: string; version: string } | null; to: { colour: string; version: string } | null;
  steps: { title: string; state: 'done' | 'skipped' | 'failed' | 'rolled_back'; durationMs: number | null; note?: string }[];
  scan: { status: 'passed' | 'failed' | 'skipped'; reason?: string; counts?: Record<'CRITICAL'|'HIGH'|'MEDIUM'|'LOW'|'UNKNOWN', number>; blocking?: string[]; sarif?: string } | null;
  database: { backupId: string | null; migrated: boolean; restoredTables: number | null } | null;
  health: { attempts: number; healthyAfterMs: number } | null;
  switchMs: number | null;
  probe: { rate: number; url: string; durationMs: number; requests: number; failures: number; p50: number; p95: number; max: number; firstFailures: string[];
           perSecond: { second: number; requests: number; failures: number; p50: number; p95: number; max: number }[] } | null;
  loadtest: { engine: 'k6' | 'fallback'; engineNote: string; scenario: string; passed: boolean; thresholds: { metric: string; expression: string; ok: boolean; actual?: number }[]; requests?: number } | { skipped: string } | null;
  verify: { passed: boolean; total: number; failed: number; junitFile: string | null } | null;
  // strategy canary: each step's weight, per-colour figures and verdict; abortToZeroMs: the abort's decision → weight 0 confirmed (absent from older reports)
  // rolledBackMs: promoted, then a later failure (the switch, verify, monitor) put all traffic back on stable: that undo's time to confirmed (absent from older reports)
  // a step's changeMs: from its start to its weight taking effect (write, test, reload; 0 for an extension); readMs: from its end to its figures read (absent from older reports)
  // spanMs: from the first weight asked for to the last step judged (the steps' durations plus what each step change cost)
  canary?: { outcome: 'promoted' | 'aborted' | null; abortReason: string | null; abortToZeroMs: number | null; rolledBackMs?: number | null; spanMs: number | null;
             steps: { step: number; weight: number; extension: number; durationMs: number; changeMs?: number; readMs?: number; source: 'access log' | 'probe'; verdict: 'pass' | 'fail' | 'inconclusive' | 'promoted' | 'aborted'; reason: string | null;
                      canary: { requests: number; failures: number; p95Ms: number }; stable: { requests: number; failures: number; p95Ms: number };
                      prometheus?: { query: string; value: number | null } }[] } | null; // prometheus: analysis.prometheus's filled query and value (null: no number)
  // strategy rolling (absent from older reports): the replicas replaced batch by batch; per batch the new replicas started, their gate,
  // each share confirmed through the router (observed: the probes' answers per colour; null: the new colour alone, confirmed by a switch),
  // the old replicas taken out, their drain and stop; outcome null: it did not finish; undo: what the undo did (null: it did not run to its end)
  rolling?: { colours: { old: string; new: string }; replicas: number; batchSize: number; plannedBatches: number;
              outcome: 'replaced' | 'failed' | null; failure: { batch: number; phase: 'start' | 'gate' | 'share' | 'drain' | 'stop'; reason: string } | null;
              batches: { batch: number; started: number[]; gate: { passed: boolean; attempts: number | null; ms: number } | null;
                         shares: { percent: number; newReplicas: number; oldReplicas: number; confirmMs: number;
                                   observed: { blue: number; green: number; unanswered: number; routerErrors: number; probes: number } | null }[];
                         retired: number[]; drainMs: number | null; stopped: number[] }[];
              undo: { restarted: number[]; removed: number[]; routerRestored: boolean } | null } | null;
  notifications: { target: string; ok: boolean; status?: number; error?: string; at: string }[];
  warnings: string[];
}

// Names for the parts, derived so they can never drift from the interface above.
export type ReleaseAction = ReleaseReport['action'];
export type ReleaseOutcome = ReleaseReport['outcome'];
export type ReportStep = ReleaseReport['steps'][number];
export type ReportScan = NonNullable<ReleaseReport['scan']>;
export type ReportProbe = NonNullable<ReleaseReport['probe']>;
export type ReportProbeSecond = ReportProbe['perSecond'][number];
export type ReportLoadtest = NonNullable<ReleaseReport['loadtest']>;
export type ReportCanary = NonNullable<ReleaseReport['canary']>;
export type ReportRolling = NonNullable<ReleaseReport['rolling']>;
export type ReportNotification = ReleaseReport['notifications'][number];
