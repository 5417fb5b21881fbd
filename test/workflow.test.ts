// The GitHub Actions workflow only calls Makefile targets that exist, and handles secrets as env only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: Record<string, { needs?: string | string[]; environment?: string; if?: string; env?: Record<string, string>; steps: { run?: string; uses?: string; if?: string; with?: Record<string, string> }[] }>;
};
const makefile = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
const targets = new Set([...makefile.matchAll(/^([a-z][a-z0-9-]*(?:[ \t]+[a-z][a-z0-9-]*)*):(?!=)/gm)].flatMap((m) => m[1]!.split(/\s+/)));
const steps = Object.entries(workflow.jobs).flatMap(([job, spec]) => spec.steps.map((step) => ({ job, ...step })));
const makeCalls = steps.flatMap((s) => [...(s.run ?? '').matchAll(/\bmake\s+([a-z][a-z0-9-]*)/g)].map((m) => ({ job: s.job, target: m[1]! })));

describe('.github/workflows/deploy.yml', () => {
  it('calls only Makefile targets that exist', () => {
    expect(makeCalls.length).toBeGreaterThan(5);
    expect(makeCalls.filter((c) => !targets.has(c.target))).toEqual([]);
  });

  it('runs test → scan → staging → production in that order, staging on main only, production behind its Environment', () => {
    expect(workflow.jobs.scan!.needs).toBe('test');
    expect(workflow.jobs['deploy-staging']!.needs).toBe('scan');
    expect(workflow.jobs['deploy-staging']!.if).toBe("github.ref == 'refs/heads/main'");
    expect(workflow.jobs['deploy-production']!.needs).toBe('deploy-staging');
    expect(workflow.jobs['deploy-production']!.environment).toBe('production');
    expect(makeCalls.map((c) => `${c.job}:${c.target}`)).toEqual([
      'test:test',
      'scan:image',
      'scan:scan',
      'deploy-staging:deploy-staging',
      'deploy-staging:validate-deployment',
      'deploy-production:deploy-production',
      'deploy-production:validate-deployment',
      'deploy-production:rollback',
    ]);
  });

  it('rolls production back when a production step fails', () => {
    const rollback = workflow.jobs['deploy-production']!.steps.find((s) => s.run?.includes('make rollback'));
    expect(rollback).toMatchObject({ if: 'failure()', run: 'make rollback ENV=production YES=1' });
  });

  it('uploads the SARIF the scan writes', () => {
    const upload = workflow.jobs.scan!.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with?.sarif_file).toBe('reports/trivy-staging.sarif');
    expect(readFileSync(path.join(ROOT, 'environments/staging.yaml'), 'utf8')).toContain('sarif: ../reports/trivy-staging.sarif');
  });

  it('passes secrets as environment variables only, never on a command line or into a file', () => {
    for (const step of steps) expect(step.run ?? '', `${step.job}: ${step.run}`).not.toMatch(/secrets\./);
    const secretEnv = Object.values(workflow.jobs).flatMap((job) => Object.entries(job.env ?? {})).filter(([, v]) => v.includes('secrets.'));
    expect(secretEnv.map(([k]) => k).sort()).toEqual(['DATABASE_URL', 'DATABASE_URL', 'SLACK_WEBHOOK_URL', 'SLACK_WEBHOOK_URL']);
  });
});
