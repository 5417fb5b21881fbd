import type { EnvironmentFile } from './schema.js';

export type RouterRuntime = 'host' | 'container';

/**
 * router/runtime when the file does not set it: the router container on the environment's engine, which
 * restarts by itself (issue 13); with container/network host it shares the host's network.
 */
export const DEFAULT_RUNTIME: RouterRuntime = 'container';

/** Fills in router/runtime once the shape is valid; whether the file left it to the default. */
export function settleRuntime(file: EnvironmentFile): { runtime: RouterRuntime; defaulted: boolean } {
  const defaulted = file.router.runtime === undefined;
  file.router.runtime ??= DEFAULT_RUNTIME;
  return { runtime: file.router.runtime, defaulted };
}
