import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { loadScenario, readScenarios, scenariosFile, scriptPath } from './scenarios.js';

const k6Dir = join(import.meta.dirname, '../../../../k6-scenarios');
const scratch = mkdtempSync(join(tmpdir(), 'ferry-scenarios-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadScenario', () => {
  it('reads packages/k6-scenarios/scenarios.json', () => {
    expect(scenariosFile).toBe(join(k6Dir, 'scenarios.json'));
    expect(Object.keys(readScenarios())).toEqual(['smoke', 'load', 'stress', 'spike']);
  });

  it('gives a constant scenario its one rate as startRate', () => {
    expect(loadScenario('smoke')).toEqual({
      name: 'smoke',
      description: 'A few requests per second to prove the service answers at all',
      executor: 'constant-arrival-rate',
      startRate: 5,
      stages: [{ rate: 5, durationS: 10 }],
      preAllocatedVUs: 5,
      maxVUs: 20,
    });
  });

  it('keeps a ramp as written', () => {
    expect(loadScenario('stress')).toEqual({
      name: 'stress',
      description: 'Arrival rate ramped up in stages past the expected peak, then back down',
      executor: 'ramping-arrival-rate',
      startRate: 10,
      stages: [
        { rate: 50, durationS: 20 },
        { rate: 100, durationS: 20 },
        { rate: 200, durationS: 20 },
        { rate: 0, durationS: 10 },
      ],
      preAllocatedVUs: 50,
      maxVUs: 300,
    });
  });

  it('applies rate and duration overrides to a constant scenario', () => {
    expect(loadScenario('load', { rate: 20, durationS: 2 })).toMatchObject({
      startRate: 20,
      stages: [{ rate: 20, durationS: 2 }],
    });
  });

  it('carries no paths: they come from the environment (loadtestPaths), never from the scenario', () => {
    for (const scenario of Object.values(readScenarios())) expect(scenario).not.toHaveProperty('paths');
  });

  it('refuses unknown scenarios and impossible overrides with ConfigError', () => {
    expect(() => loadScenario('soak')).toThrow(new ConfigError('--scenario soak: unknown load-test scenario; valid: smoke, load, stress, spike.'));
    expect(() => loadScenario('stress', { rate: 10 })).toThrow('load-test rate/duration override constant-rate scenarios only; "stress" ramps');
    expect(() => loadScenario('smoke', { rate: 2.5 })).toThrow(ConfigError);
  });

  it('names the file and key when scenarios.json is malformed', () => {
    const file = join(scratch, 'scenarios.json');
    writeFileSync(file, JSON.stringify({ smoke: { description: 'x', executor: 'constant-arrival-rate', stages: [], preAllocatedVUs: 1, maxVUs: 1 } }));
    expect(() => readScenarios(file)).toThrow(`${file}: smoke.stages: Array must contain at least 1 element(s)`);
  });
});

describe('scriptPath', () => {
  it.each(['smoke', 'load', 'stress', 'spike'])('%s has a k6 script beside scenarios.json', (name) => {
    expect(scriptPath(name)).toBe(join(k6Dir, `${name}.js`));
    expect(existsSync(scriptPath(name))).toBe(true);
  });

  it('refuses unknown scenarios', () => {
    expect(() => scriptPath('soak')).toThrow(ConfigError);
  });
});
