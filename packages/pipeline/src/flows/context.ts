import type { ListrTask } from 'listr2';
import type { Redactor } from '../config/redactor.js';
import type { EnvironmentConfig } from '../config/types.js';
import type { DockerEngine } from '../ports/docker/docker-engine.js';
import type { FerryContainer } from '../ports/docker/types.js';
import type { Router, SwitchResult } from '../ports/router/types.js';
import type { ActiveRelease, DeployPlan, TargetSlot } from '../planning/deploy-plan.js';
import type { RollbackPlan } from '../planning/rollback-plan.js';
import type { InProgress } from '../planning/promote-plan.js';
import type { AcquiredLock } from '../state/lock.js';
import type { LedgerEntry, ReleaseAction } from '../state/ledger.js';
import type { Truth } from '../state/truth.js';
import type { ReleaseReads } from '../state/gather-truth.js';
import type { BackupMetadata, RowsReplaced } from '../ports/database/types.js';
import type { TrafficProbe } from '../ports/http/traffic-probe.js';
import type { ThresholdResult } from '../ports/loadtest/types.js';
import type { ProbeFigures } from '../planning/probe-figures.js';
import type { StepFigures } from '../planning/canary-figures.js';
import type { MetricReading } from '../planning/canary-metric.js';
import type { MetricsSource } from '../ports/metrics/types.js';
import type { ProgressListener } from './progress-events.js';
import type { RollingRun } from '../steps/rolling-record.js';

export interface FlowPorts {
  docker: DockerEngine; // the environment's engine: its containers run here
  builder: DockerEngine; // where images are built and looked up; the same object when it is the environment's engine
  router: Router;
  metrics: MetricsSource; // strategy.analysis.prometheus's queries
}

/** A compensating action registered by a reversible step; run newest first on failure. */
export interface UndoAction {
  title: string;
  run: (ctx: FlowContext) => Promise<void>;
}

export interface FlowOptions {
  dryRun: boolean;
  yes: boolean;
  force: boolean;
  allowSchemaCrossing: boolean; // a rollback may cross a database migration (its own flag, never implied by yes)
  to?: string;
  noSwitch?: boolean; // deploy --no-switch (or strategy/auto_promote: false): stop after the health gate, staged
  interactive: boolean; // a TTY is attached to stdin and stderr
}

export interface FlowContext {
  action: ReleaseAction;
  config: EnvironmentConfig;
  command: string;
  releaseId: string;
  startedAt: string;
  signal: AbortSignal; // the first Ctrl+C or SIGTERM: cancel, undo what changed
  abandon?: AbortSignal; // a second one: stop undoing, record the run as abandoned, exit
  recovering?: boolean; // the undo stack runs: engine calls answer to `abandon`, no longer to `signal`
  progress: ProgressListener; // steps' typed progress, for a renderer that reads objects (reportProgress also prints its line)
  options: FlowOptions;
  ports: FlowPorts;
  secrets: Record<string, string>; // values only ever go to the container's environment
  redactor: Redactor; // masks every secret value (and its encoded forms) at every output sink
  tag: string;
  ledger: LedgerEntry[];
  lock?: AcquiredLock;
  truth?: Truth;
  routerUpstream?: string | null; // the router's upstream file as the plan read it (null: none); the snapshot saves it
  readAhead?: () => Promise<ReleaseReads>; // the plan's reads, started while the router is checked (rollback)
  deployPlan?: DeployPlan;
  rollbackPlan?: RollbackPlan;
  inProgress?: InProgress; // ferry promote / abort: the staged release they act on
  active: ActiveRelease | null;
  target?: TargetSlot;
  imageId: string | null;
  started?: FerryContainer;
  healthyAt?: number;
  routerEnsured?: boolean; // ensureRunning already ran in this flow (steps/router-ready.ts)
  switched?: SwitchResult;
  canary?: CanaryRun; // strategy canary: each step's weight, figures and verdict, for the report
  rolled?: boolean; // strategy rolling replaced the old colour's replicas: none stays warm
  rolling?: RollingRun; // strategy rolling: each batch's replicas, gate, confirmed shares, drain; the failure and its undo, for the report
  timings: Record<string, number>;
  undo: UndoAction[];
  stands?: ReleaseStands; // set at the point of no return (flows/point-of-no-return.ts); never unset
  recoveryErrors: string[];
  recoveryNotes: string[]; // what the undo stack proved, e.g. "database restored: 3 tables identical"
  warnings: string[];
  database?: DatabaseRun;
  restoreFrom?: { metadata: BackupMetadata; file: string }; // ferry restore's chosen backup
  scan?: ScanOutcome;
  probe?: TrafficProbe; // running from before the start (or the switch) until the end of the monitor window
  probeFigures?: ProbeFigures;
  loadtest?: LoadtestOutcome;
  digest?: string | null; // from the push
  steps: StepRecord[]; // what each step of the execute phase did, for the report
  notifications: { target: string; ok: boolean; status?: number; error?: string; at: string }[];
  verify?: { passed: boolean; total: number; failed: number; junitFile: string | null };
  marker?: { path: string; value: string }; // rollback integrity: written before the switch
  notifyUrl?: string; // the webhook url, read from the process environment (a secret: never printed)
}

/** What a canary did, step by step, and how it ended. */
export interface CanaryRun {
  startedAt: number; // epoch ms: the first weight was asked for
  endedAt?: number; // epoch ms: the last step was judged (or the canary was interrupted)
  steps: CanaryStepRecord[];
  outcome?: 'promoted' | 'aborted';
  abortReason?: string;
  decidedAt?: number; // epoch ms: the abort was decided
  zeroConfirmedAt?: number; // epoch ms: weight 0 confirmed through the router after it
  // promoted, then a later failure (the switch, verify, monitor) put all traffic back on stable: its undo → confirmed
  rolledBackMs?: number;
}

export interface CanaryStepRecord {
  step: number; // 1-based
  weight: number;
  extension: number; // 0, or how many times this step was extended (inconclusive)
  askedAt: number; // epoch ms: the step began (its weight asked for); startedAt - askedAt is what the change cost
  startedAt: number;
  endedAt: number;
  judgedAt: number; // epoch ms: its figures read, after endedAt
  figures: StepFigures;
  metric?: MetricReading; // strategy.analysis.prometheus's query and value at the step's end
  verdict: 'pass' | 'fail' | 'inconclusive' | 'promoted' | 'aborted';
  reason?: string;
}

/** Past the point of no return: the new release serves and nothing is undone any more. */
export interface ReleaseStands {
  since: number; // epoch ms
  failures: string[]; // what failed after it (cleanup, the ledger line, the report): warnings, never a rollback
}

export interface StepRecord {
  title: string;
  state: 'done' | 'skipped' | 'failed' | 'rolled_back';
  durationMs: number | null;
  note?: string;
}

export type ScanOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'passed' | 'failed'; counts: Record<string, number>; blocking: string[]; ignored: number; sarif?: string };

export type LoadtestOutcome =
  | { skipped: string }
  | { engine: 'k6' | 'fallback'; engineNote: string; scenario: string; passed: boolean; thresholds: ThresholdResult[]; requests?: number };

/** What the database steps did in this command, for the undo stack, the ledger and the report. */
export interface DatabaseRun {
  backup?: BackupMetadata;
  backupFile?: string;
  migrated: boolean;
  restored?: { tables: number }; // the undo stack put the backup back
  restoredFrom?: { id: string; tables: number }; // ferry restore put this backup in place
  discardedRows?: RowsReplaced[] | null; // a restore's rows written after the backup, per table; null: not known
}

export type FlowTask = ListrTask<FlowContext>;
