// A Ferry container as the engine lists it, shared by the planning tests: each test overrides what it is about.
import type { Colour } from '../config/types.js';
import type { FerryContainer } from '../ports/docker/types.js';

/** demo's staging container of `colour` running `version`, healthy, created at a fixed time. */
export const container = (colour: Colour, version: string, extra: Partial<FerryContainer> = {}): FerryContainer => ({
  id: `${colour}-id-0000000000`,
  name: `demo-staging-${colour}`,
  app: 'demo',
  env: 'staging',
  colour,
  version,
  image: `ferry/demo-app:${version}`,
  imageId: `sha256:${version}`,
  state: 'running',
  health: 'healthy',
  createdAt: '2026-11-24T00:00:00Z',
  ...extra,
});
