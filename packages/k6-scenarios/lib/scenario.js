// Pure option building for the k6 entry scripts. No k6 imports here, so Node can unit-test it;
// the entry scripts only glue k6's open() and __ENV to these functions.

/** Trend stats in the end-of-test summary; Ferry's Node fallback engine reports the same keys. */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const SECONDS_PER_UNIT = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** k6 `options` for one scenario of scenarios.json, with RATE / DURATION / THRESHOLDS from the environment. */
export function buildOptions(scenarios, name, env) {
  const scenario = scenarios[name];
  if (!scenario) {
    throw new Error(`scenario "${name}" is not in scenarios.json; valid: ${Object.keys(scenarios).join(', ')}`);
  }
  const executor = {};
  executor[name] = executorOptions(name, scenario, env);
  return { scenarios: executor, thresholds: parseThresholds(env.THRESHOLDS), summaryTrendStats: TREND_STATS.slice() };
}

function executorOptions(name, scenario, env) {
  if (scenario.executor === 'constant-arrival-rate') {
    const stage = scenario.stages[0];
    return {
      executor: 'constant-arrival-rate',
      rate: env.RATE ? parseRate(env.RATE) : stage.rate,
      timeUnit: '1s',
      duration: seconds(env.DURATION ? parseDurationS(env.DURATION) : stage.durationS),
      preAllocatedVUs: scenario.preAllocatedVUs,
      maxVUs: scenario.maxVUs,
    };
  }
  if (scenario.executor !== 'ramping-arrival-rate') {
    throw new Error(`scenarios.json ${name}.executor: "${scenario.executor}" is not constant-arrival-rate or ramping-arrival-rate`);
  }
  // A ramp has no single rate to override; failing beats silently ignoring the variable.
  if (env.RATE || env.DURATION) {
    throw new Error(`RATE and DURATION override constant-rate scenarios only; "${name}" ramps through its stages in scenarios.json`);
  }
  return {
    executor: 'ramping-arrival-rate',
    startRate: scenario.startRate,
    timeUnit: '1s',
    preAllocatedVUs: scenario.preAllocatedVUs,
    maxVUs: scenario.maxVUs,
    stages: scenario.stages.map((stage) => ({ target: stage.rate, duration: seconds(stage.durationS) })),
  };
}

/**
 * Where the iterations go: BASE_URL (required, trailing slashes dropped) and PATHS (required, comma-separated).
 * No default paths: only the caller knows which paths the app serves (Ferry passes health.path and the
 * verify paths, or loadtest.paths); a guessed path would fail the run on an app that lacks it.
 */
export function resolveTarget(env) {
  const baseUrl = (env.BASE_URL || '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new Error(`BASE_URL must be an http(s) URL, got "${env.BASE_URL || ''}": k6 run -e BASE_URL=http://127.0.0.1:8080 -e PATHS=/health <script>.js`);
  }
  if (!env.PATHS) {
    throw new Error('PATHS is required: comma-separated paths the app serves, e.g. -e PATHS=/health,/api/items (ferry loadtest passes health.path and the verify paths)');
  }
  return { baseUrl: baseUrl, paths: parsePaths(env.PATHS) };
}

/** Round-robin over the paths by the test-wide iteration number. */
export function pickPath(paths, iteration) {
  return paths[iteration % paths.length];
}

export function parsePaths(text) {
  const paths = text.split(',').map((path) => path.trim()).filter((path) => path !== '');
  const bad = paths.filter((path) => path.charAt(0) !== '/');
  if (paths.length === 0 || bad.length > 0) {
    throw new Error(`PATHS must be comma-separated paths starting with "/", e.g. PATHS=/health,/api/items; got "${text}"`);
  }
  return paths;
}

export function parseRate(text) {
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`RATE must be a whole number of requests per second above 0, got "${text}"`);
  return Number(text);
}

/** "90", "90s", "1m30s", "500ms", "2h" → seconds. */
export function parseDurationS(text) {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) {
    throw new Error(`DURATION must be seconds or a duration like "30s" or "1m30s", got "${text}"`);
  }
  let total = 0;
  text.replace(DURATION_PART, (_match, amount, unit) => {
    total += Number(amount) * SECONDS_PER_UNIT[unit];
    return '';
  });
  if (total <= 0) throw new Error(`DURATION must be above zero, got "${text}"`);
  return total;
}

/** THRESHOLDS as Ferry passes them: JSON of { metric: ["expression", …] }. */
export function parseThresholds(text) {
  if (!text) return {};
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`THRESHOLDS is not valid JSON (${error.message}); expected {"http_req_duration": ["p(95)<500"]}`);
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.keys(parsed).every((metric) => Array.isArray(parsed[metric]) && parsed[metric].every((expr) => typeof expr === 'string'));
  if (!valid) throw new Error(`THRESHOLDS must map each metric to a list of expressions, e.g. {"http_req_failed": ["rate<0.01"]}; got ${text}`);
  return parsed;
}

function seconds(value) {
  return `${value}s`;
}
