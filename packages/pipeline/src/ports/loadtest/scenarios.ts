import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, FerryError } from '../../errors.js';
import type { LoadScenario } from './types.js';

// Same depth from src/ports/loadtest (vitest) and dist/ports/loadtest (built): both reach packages/k6-scenarios.
const K6_SCENARIOS_DIR = new URL('../../../../k6-scenarios/', import.meta.url);

/** packages/k6-scenarios/scenarios.json: the one place each scenario's shape is written. */
export const scenariosFile = fileURLToPath(new URL('scenarios.json', K6_SCENARIOS_DIR));

export interface ScenarioOverrides {
  rate?: number; // constant-rate scenarios only, like k6 -e RATE
  durationS?: number; // constant-rate scenarios only, like k6 -e DURATION
}

const stageSchema = z.object({ rate: z.number().int().nonnegative(), durationS: z.number().positive() }).strict();
const scenarioSchema = z
  .object({
    description: z.string(),
    executor: z.enum(['constant-arrival-rate', 'ramping-arrival-rate']),
    startRate: z.number().int().nonnegative().optional(),
    stages: z.array(stageSchema).min(1),
    preAllocatedVUs: z.number().int().positive(),
    maxVUs: z.number().int().positive(),
  })
  .strict()
  .refine((s) => s.executor === 'ramping-arrival-rate' || s.stages.length === 1, { message: 'a constant-arrival-rate scenario has exactly one stage', path: ['stages'] })
  .refine((s) => s.executor === 'constant-arrival-rate' || s.startRate !== undefined, { message: 'a ramping-arrival-rate scenario needs startRate', path: ['startRate'] });
const fileSchema = z.record(scenarioSchema);

/** Every scenario in the file, validated; a constant scenario's startRate is its one rate. */
export function readScenarios(file: string = scenariosFile): Record<string, LoadScenario> {
  if (!existsSync(file)) throw new FerryError(`${file} is missing: the load-test scenarios ship in packages/k6-scenarios; restore it from git.`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message}).`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`${file}: ${issues.join('; ')}`);
  }
  return Object.fromEntries(
    Object.entries(parsed.data).map(([name, s]) => [name, { name, ...s, startRate: s.startRate ?? s.stages[0]!.rate }]),
  );
}

/** The named scenario with overrides applied; unknown names list the valid ones. */
export function loadScenario(name: string, overrides: ScenarioOverrides = {}, file: string = scenariosFile): LoadScenario {
  return applyOverrides(pickScenario(readScenarios(file), name), overrides);
}

/** The k6 entry script for a scenario, e.g. packages/k6-scenarios/smoke.js. */
export function scriptPath(name: string, file: string = scenariosFile): string {
  pickScenario(readScenarios(file), name);
  const script = join(dirname(file), `${name}.js`);
  if (!existsSync(script)) throw new FerryError(`${script} is missing: scenario "${name}" is in scenarios.json but has no k6 script; add ${name}.js beside it.`);
  return script;
}

export function pickScenario(scenarios: Record<string, LoadScenario>, name: string): LoadScenario {
  const scenario = Object.hasOwn(scenarios, name) ? scenarios[name] : undefined;
  if (!scenario) throw new ConfigError(`--scenario ${name}: unknown load-test scenario; valid: ${Object.keys(scenarios).join(', ')}.`);
  return scenario;
}

/** Same rules as the k6 scripts' RATE / DURATION: a ramp has no single rate to override. */
export function applyOverrides(scenario: LoadScenario, overrides: ScenarioOverrides): LoadScenario {
  const { rate, durationS } = overrides;
  if (rate !== undefined && !(Number.isInteger(rate) && rate > 0)) throw new ConfigError(`load-test rate: should be a whole number of requests per second above 0 (got ${rate}).`);
  if (durationS !== undefined && !(durationS > 0)) throw new ConfigError(`load-test duration: should be above 0 seconds (got ${durationS}).`);
  const reshaped = rate !== undefined || durationS !== undefined;
  if (reshaped && scenario.executor !== 'constant-arrival-rate') {
    throw new ConfigError(`load-test rate/duration override constant-rate scenarios only; "${scenario.name}" ramps through its stages in ${scenariosFile}.`);
  }
  const stage = scenario.stages[0]!;
  const stages = reshaped ? [{ rate: rate ?? stage.rate, durationS: durationS ?? stage.durationS }] : scenario.stages;
  return { ...scenario, startRate: reshaped ? stages[0]!.rate : scenario.startRate, stages };
}
