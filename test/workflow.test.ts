// The GitHub Actions workflow: only Makefile targets that exist, secrets as env only, pull requests
// never on the self-hosted deploy hosts, and production rolled back only when validation failed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runsWhen, type Situation } from './support/actions-expression.js';

interface Step { id?: string; name?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }
interface Job { needs?: string | string[]; 'runs-on': string | string[]; environment?: string; if?: string; env?: Record<string, string>; steps: Step[] }

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/deploy.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const makefile = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
const targets = new Set([...makefile.matchAll(/^([a-z][a-z0-9-]*(?:[ \t]+[a-z][a-z0-9-]*)*):(?!=)/gm)].flatMap((m) => m[1]!.split(/\s+/)));
const steps = Object.entries(workflow.jobs).flatMap(([job, spec]) => spec.steps.map((step) => ({ job, ...step })));
const makeCalls = steps.flatMap((s) => [...(s.run ?? '').matchAll(/\bmake\s+([a-z][a-z0-9-]*)/g)].map((m) => ({ job: s.job, target: m[1]! })));
const production = workflow.jobs['deploy-production']!;
const stepById = (id: string) => production.steps.find((s) => s.id === id)!;
const rollback = production.steps.find((s) => s.run?.includes('make rollback'))!;

const runners = (job: Job) => [job['runs-on']].flat();
const needs = (job: Job) => [job.needs ?? []].flat();

/** The jobs that run for an event, every job it needs having succeeded; a skipped job skips its dependants. */
function jobsRunning(github: Situation['github']): string[] {
  const ran = new Set<string>();
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (needs(job).every((n) => ran.has(n)) && runsWhen(job.if, { github })) ran.add(name);
  }
  return [...ran];
}

const EVENTS = {
  'push to main': { event_name: 'push', ref: 'refs/heads/main' },
  'dispatch on main': { event_name: 'workflow_dispatch', ref: 'refs/heads/main' },
  'pull request': { event_name: 'pull_request', ref: 'refs/pull/7/merge' },
  'pull request from a branch named main': { event_name: 'pull_request', ref: 'refs/heads/main' },
  'dispatch on a branch': { event_name: 'workflow_dispatch', ref: 'refs/heads/feature' },
};

describe('.github/workflows/deploy.yml', () => {
  it('calls only Makefile targets that exist', () => {
    expect(makeCalls.length).toBeGreaterThan(5);
    expect(makeCalls.filter((c) => !targets.has(c.target))).toEqual([]);
  });

  it('is triggered by pushes to main, pull requests and dispatch only (no pull_request_target: it would run with secrets)', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] }, pull_request: null, workflow_dispatch: null });
  });

  it('runs test → scan → staging → production in that order, production behind its Environment', () => {
    expect(workflow.jobs['scan-hosted']!.needs).toBe('test');
    expect(workflow.jobs.scan!.needs).toBe('test');
    expect(workflow.jobs['deploy-staging']!.needs).toBe('scan');
    expect(workflow.jobs['deploy-production']!.needs).toBe('deploy-staging');
    expect(workflow.jobs['deploy-production']!.environment).toBe('production');
    expect(makeCalls.map((c) => `${c.job}:${c.target}`)).toEqual([
      'test:test',
      'scan-hosted:base-image',
      'scan-hosted:image',
      'scan-hosted:scan',
      'scan:image',
      'scan:scan',
      'deploy-staging:deploy-staging',
      'deploy-staging:validate-deployment',
      'deploy-production:build',
      'deploy-production:serving-release',
      'deploy-production:deploy-production',
      'deploy-production:validate-deployment',
      'deploy-production:rollback',
    ]);
  });

  it.each(Object.entries(EVENTS).filter(([, g]) => g.event_name === 'pull_request' || g.ref !== 'refs/heads/main'))(
    '%s: every job runs on a GitHub-hosted runner, the image is still built and scanned, nothing deploys',
    (_name, github) => {
      const running = jobsRunning(github);
      expect(running.sort()).toEqual(['scan-hosted', 'test']);
      for (const job of running) expect(runners(workflow.jobs[job]!), job).toEqual(['ubuntu-latest']);
      expect(makeCalls.filter((c) => c.job === 'scan-hosted').map((c) => c.target)).toEqual(['base-image', 'image', 'scan']);
    },
  );

  it.each(Object.entries(EVENTS).filter(([, g]) => g.event_name !== 'pull_request' && g.ref === 'refs/heads/main'))(
    '%s: scan and both deploys run on the self-hosted hosts, the hosted scan does not',
    (_name, github) => {
      expect(jobsRunning(github).sort()).toEqual(['deploy-production', 'deploy-staging', 'scan', 'test']);
      expect(runners(workflow.jobs.scan!)).toEqual(['self-hosted', 'staging']);
      expect(runners(workflow.jobs['deploy-staging']!)).toEqual(['self-hosted', 'staging']);
      expect(runners(workflow.jobs['deploy-production']!)).toEqual(['self-hosted', 'production']);
    },
  );

  it('every self-hosted job refuses pull requests and other refs by its own condition, not only through needs', () => {
    const selfHosted = Object.entries(workflow.jobs).filter(([, job]) => runners(job).includes('self-hosted'));
    expect(selfHosted.map(([name]) => name).sort()).toEqual(['deploy-production', 'deploy-staging', 'scan']);
    for (const [name, job] of selfHosted) {
      for (const github of [EVENTS['pull request'], EVENTS['pull request from a branch named main'], EVENTS['dispatch on a branch']]) {
        expect(runsWhen(job.if, { github }), `${name} on ${JSON.stringify(github)}`).toBe(false);
      }
    }
  });

  describe('production rollback', () => {
    const github = EVENTS['push to main'];
    const outcome = (deploy: 'success' | 'failure', validate: 'success' | 'failure' | 'skipped', release = '20261124T100000Z-ab12'): Situation => ({
      github,
      failed: deploy === 'failure' || validate === 'failure',
      steps: { before: { outcome: 'success', outputs: { release } }, deploy: { outcome: deploy }, validate: { outcome: validate } },
    });

    it('captures the serving release before the deploy, into a step output', () => {
      const order = production.steps.map((s) => s.id);
      expect(order.indexOf('before')).toBeLessThan(order.indexOf('deploy'));
      expect(order.indexOf('deploy')).toBeLessThan(order.indexOf('validate'));
      expect(stepById('before').run).toContain('make serving-release ENV=production >> "$GITHUB_OUTPUT"');
      expect(stepById('deploy').run).toMatch(/^make deploy-production /);
      expect(stepById('validate').run).toBe('make validate-deployment ENV=production');
    });

    it('runs only when the deploy succeeded and the post-deploy validation failed, and a release was captured', () => {
      expect(runsWhen(rollback.if, outcome('success', 'failure'))).toBe(true);
      expect(runsWhen(rollback.if, outcome('failure', 'skipped'))).toBe(false); // exit 1 (ferry rolled back), 2/4 (nothing changed), 3
      expect(runsWhen(rollback.if, outcome('success', 'success'))).toBe(false);
      expect(runsWhen(rollback.if, outcome('success', 'failure', ''))).toBe(false); // first release: nothing to go back to
    });

    it('goes back to exactly the captured release, approved, and never crosses a migration by itself', () => {
      expect(rollback.env).toEqual({ PREVIOUS_RELEASE: '${{ steps.before.outputs.release }}' }); // not spliced into the script
      expect(rollback.run).toBe('make rollback ENV=production TO="$PREVIOUS_RELEASE" YES=1');
      expect(rollback.run).not.toMatch(/ALLOW_SCHEMA_CROSSING|allow-schema-crossing/);
    });

    it('make rollback passes TO as --to, YES as --yes, and --allow-schema-crossing only for ALLOW_SCHEMA_CROSSING', () => {
      const dryRun = (...vars: string[]) => {
        const make = spawnSync('make', ['-n', 'rollback', 'ENV=production', ...vars], { cwd: ROOT, encoding: 'utf8' });
        expect(make.status, make.stderr).toBe(0);
        return make.stdout.split('\n').find((line) => line.includes(' rollback '))!;
      };
      expect(dryRun('TO=20261124T100000Z-ab12', 'YES=1')).toMatch(/rollback --env production --to 20261124T100000Z-ab12 --yes\s*$/);
      expect(dryRun('YES=1', 'ALLOW_SCHEMA_CROSSING=1')).toMatch(/rollback --env production\s+--yes --allow-schema-crossing\s*$/);
    });
  });

  describe('scripts/serving-release.mjs (status --json → release=)', () => {
    const serving = (status: unknown) => spawnSync('node', [path.join(ROOT, 'scripts/serving-release.mjs')], { input: JSON.stringify(status), encoding: 'utf8' });
    const last = { id: '20261124T100000Z-ab12', tag: 'v1', action: 'deploy', outcome: 'succeeded' };

    it('prints the id of the last release when the serving container agrees with it', () => {
      expect(serving({ active: { version: 'v1' }, lastRelease: last }).stdout).toBe('release=20261124T100000Z-ab12\n');
    });

    it('prints the serving tag when the history disagrees, and nothing when nothing is served', () => {
      expect(serving({ active: { version: 'v0' }, lastRelease: last }).stdout).toBe('release=v0\n');
      expect(serving({ active: null, lastRelease: null }).stdout).toBe('release=\n');
    });

    it('refuses a value that could inject another output line', () => {
      const run = serving({ active: { version: 'v1\nrelease=evil' }, lastRelease: null });
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
    });
  });

  it('uploads the SARIF the scan writes', () => {
    for (const job of ['scan', 'scan-hosted']) {
      const upload = workflow.jobs[job]!.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
      expect(upload?.with?.sarif_file, job).toBe('reports/trivy-staging.sarif');
    }
    expect(readFileSync(path.join(ROOT, 'environments/staging.yaml'), 'utf8')).toContain('sarif: ../reports/trivy-staging.sarif');
  });

  it('passes secrets as environment variables only, never on a command line or into a file', () => {
    for (const step of steps) expect(step.run ?? '', `${step.job}: ${step.run}`).not.toMatch(/secrets\./);
    const secretEnv = Object.values(workflow.jobs).flatMap((job) => Object.entries(job.env ?? {})).filter(([, v]) => v.includes('secrets.'));
    expect(secretEnv.map(([k]) => k).sort()).toEqual(['DATABASE_URL', 'DATABASE_URL', 'SLACK_WEBHOOK_URL', 'SLACK_WEBHOOK_URL']);
    const hosted = Object.values(workflow.jobs).filter((job) => !runners(job).includes('self-hosted'));
    expect(JSON.stringify(hosted)).not.toContain('secrets.'); // the jobs a pull request reaches see no secret
  });
});
