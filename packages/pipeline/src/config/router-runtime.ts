import type { EnvironmentFile } from './schema.js';

export type RouterRuntime = 'host' | 'container';

/**
 * router/runtime when the file does not set it: the router container on the environment's engine
 * (issue 13); an app on container/network host keeps the host router it has always had.
 */
export function defaultRuntime(file: Pick<EnvironmentFile, 'container'>): RouterRuntime {
  return file.container.network === 'host' ? 'host' : 'container';
}

/** Fills in router/runtime once the shape is valid; whether the file left it to the default. */
export function settleRuntime(file: EnvironmentFile): { runtime: RouterRuntime; defaulted: boolean } {
  const defaulted = file.router.runtime === undefined;
  file.router.runtime ??= defaultRuntime(file);
  return { runtime: file.router.runtime, defaulted };
}
