import type { EnvironmentFile } from './schema.js';

/**
 * Keys an older environment file may still carry that no longer matter with its settings: accepted,
 * named in a warning (stderr, `config check --json`), never an error, so the file keeps working.
 */
export function unusedKeyWarnings(file: EnvironmentFile): string[] {
  const warnings: string[] = [];
  if (file.router.runtime === 'container' && file.router.ports) {
    warnings.push(
      "router/ports is not used with router/runtime: container (the colours publish no host port; the router reaches them on the environment's network): delete it",
    );
  }
  return warnings;
}
