import type { EnvironmentFile } from './schema.js';

/**
 * Keys an older environment file may still carry that no longer matter with its settings: accepted,
 * named in a warning (stderr, `config check --json`), never an error, so the file keeps working.
 */
export function unusedKeyWarnings(file: EnvironmentFile, runtimeDefaulted = false): string[] {
  const warnings: string[] = [];
  if (file.router.runtime === 'container' && file.container.network === 'bridge' && file.router.ports) {
    warnings.push(
      runtimeDefaulted
        ? "router/ports is not used with router/runtime: container, the default when router/runtime is not set (the colours publish no host port; the router reaches them on the environment's network): delete it, or set router/runtime: host to keep the host nginx router"
        : "router/ports is not used with router/runtime: container (the colours publish no host port; the router reaches them on the environment's network): delete it",
    );
  }
  return warnings;
}
