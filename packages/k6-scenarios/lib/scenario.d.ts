// Types for the pure option builder, so TypeScript tests and tools can import it.
export interface ScenarioStage {
  rate: number;
  durationS: number;
}
export interface ScenarioShape {
  description: string;
  executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  startRate?: number;
  stages: ScenarioStage[];
  preAllocatedVUs: number;
  maxVUs: number;
}
export type ScenarioEnv = Record<string, string | undefined>;

export declare const TREND_STATS: string[];
export declare function buildOptions(scenarios: Record<string, ScenarioShape>, name: string, env: ScenarioEnv): Record<string, unknown>;
export declare function resolveTarget(env: ScenarioEnv): { baseUrl: string; paths: string[] };
export declare function pickPath(paths: string[], iteration: number): string;
export declare function parsePaths(text: string): string[];
export declare function parseRate(text: string): number;
export declare function parseDurationS(text: string): number;
export declare function parseThresholds(text: string | undefined): Record<string, string[]>;
