import type { Colour } from '../../config/types.js';

// Labels every ferry container carries: the truth `status` reads back.
export const LABEL = {
  app: 'ferry.app',
  env: 'ferry.env',
  colour: 'ferry.colour',
  version: 'ferry.version',
  // one-off containers (migrations, dry runs) carry these instead, so `status` never takes them for a colour
  oneOff: 'ferry.one-off',
  oneOffTarget: 'ferry.one-off.target', // <app>/<env>/<tag>
  // the name:tag a container pinned by image ID was deployed as, for humans and image retention
  image: 'ferry.image',
  // what a non-colour container of the environment is: `router` (its preview token in routerPreview)
  role: 'ferry.role',
  routerPreview: 'ferry.router.preview',
} as const;

export interface ContainerSpec {
  name: string; // e.g. demo-staging-green
  image: string; // name:tag
  imageId?: string | null; // sha256:… — when set the container runs exactly this image, whatever the tag points to now
  env: Record<string, string>; // plain vars + secrets + PORT/FERRY_* (values never logged)
  labels: Record<string, string>;
  network: 'bridge' | 'host';
  containerPort: number; // bridge: port inside the container
  hostPort: number; // published on 127.0.0.1 (bridge) or given as PORT (host); unused with `attachTo`
  attachTo?: string; // bridge only: the environment's network, where the router container reaches it; then nothing is published
  aliases?: string[]; // with attachTo: other names it answers to on that network (a colour's replicas share one)
}

export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface FerryContainer {
  id: string;
  name: string;
  app: string;
  env: string;
  colour: Colour;
  version: string;
  image: string;
  imageId: string;
  state: string; // docker State: running, exited, created...
  health: HealthState; // 'none' when the image has no HEALTHCHECK
  createdAt: string;
  addresses?: string[]; // its IP on each network it is attached to (none on the host's network, or when stopped)
}

export interface BuildRequest {
  context: string; // absolute directory
  dockerfile: string; // relative to context
  args: Record<string, string>;
  tag: string; // name:tag
  labels?: Record<string, string>;
}

export interface ProgressSink {
  (line: string): void;
}

/** What a build, push or import stream tells as it goes: Docker's own lines, and the counts some of them carry. */
export type DockerProgress =
  | { kind: 'line'; text: string }
  | { kind: 'build-step'; step: number; total: number; instruction: string } // the classic builder's "Step 3/7 : COPY . ."
  | { kind: 'push-bytes'; layer: string; status: string; done: number; total: number }; // one layer's bytes sent so far

export type DockerProgressSink = (progress: DockerProgress) => void;

export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
}

/** One local tag of an image repository. */
export interface ImageTag {
  tag: string;
  id: string;
  createdAt: number; // epoch seconds, as Docker reports it
}

/** What became of one `removeImage`: removed, already absent, or refused by the engine (409: in use) in its words. */
export type ImageRemoval = 'removed' | 'absent' | { refused: string };

/** A command run once in a throwaway container of a release's image (e.g. a migration). */
export interface OneOffSpec {
  name: string;
  image: string; // name:tag
  imageId?: string | null; // sha256:… — pinned like ContainerSpec.imageId
  cmd: string[]; // argv, no shell
  env: Record<string, string>; // may hold secrets: never logged
  labels: Record<string, string>;
  network: 'bridge' | 'host';
}

export interface OneOffResult {
  exitCode: number | null; // null: still running at the timeout, so it was killed

  durationMs: number;
  tail: string[]; // last lines of output, for error messages
}
