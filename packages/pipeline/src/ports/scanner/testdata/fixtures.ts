import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The real trivy outputs in the repo's fixtures/ (copied from ../shared/fixtures; SOURCES.md says where each came from).
export const TRIVY_FIXTURES = fileURLToPath(new URL('../../../../../../fixtures/trivy/', import.meta.url));

export function fixturePath(name: string): string {
  return `${TRIVY_FIXTURES}${name}`;
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}
