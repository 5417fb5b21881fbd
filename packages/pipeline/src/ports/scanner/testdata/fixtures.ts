import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The real trivy outputs in /work/shared/fixtures (see SOURCES.md there), read-only.
export const TRIVY_FIXTURES = fileURLToPath(new URL('../../../../../../../shared/fixtures/trivy/', import.meta.url));

export function fixturePath(name: string): string {
  return `${TRIVY_FIXTURES}${name}`;
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}
