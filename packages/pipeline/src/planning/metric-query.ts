// Pure: strategy.analysis.prometheus.query's placeholders ({{canary_colour}}, {{version}}, …) and their filling, so one
// query can target the canary of each deploy. Double braces: PromQL's own single braces are label matchers.

/** What each placeholder stands for, for the config check and the docs. */
export const QUERY_PLACEHOLDERS = {
  canary_colour: "the canary's colour (blue or green)",
  stable_colour: "the stable version's colour",
  version: "the canary's tag",
  stable_version: "the stable version's tag",
  app: 'app',
  env: 'the environment name',
  step_duration: 'how long the step just judged was held, in whole seconds, as a PromQL duration (e.g. 30s)',
} as const;

export type QueryValues = Record<keyof typeof QUERY_PLACEHOLDERS, string>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
// tags, colours, app and env names, durations: nothing that could end a PromQL string or add to the query
const SAFE_VALUE = /^[A-Za-z0-9_.-]+$/;

/** The placeholders in `query` that Ferry does not know, in the order written. */
export function unknownPlaceholders(query: string): string[] {
  return [...query.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !Object.hasOwn(QUERY_PLACEHOLDERS, name));
}

/** The query with every placeholder replaced; a value that could change the query's meaning is refused, never quoted. */
export function fillQuery(query: string, values: QueryValues): string {
  return query.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`${whole} is not a placeholder of analysis.prometheus.query`);
    const value = values[name as keyof QueryValues];
    if (!SAFE_VALUE.test(value)) throw new Error(`${whole} would be ${JSON.stringify(value)}, which is not safe in a PromQL query`);
    return value;
  });
}

/** A span of milliseconds as a PromQL duration of whole seconds (at least 1s). */
export const promDuration = (ms: number): string => `${Math.max(1, Math.round(ms / 1000))}s`;
