import type { EnvironmentConfig } from '../config/types.js';
import { oneOffTarget } from '../ports/docker/describe.js';
import { LABEL, type OneOffSpec } from '../ports/docker/types.js';
import { imageRef } from './names.js';

export type OneOffKind = 'migrate' | 'dry-run' | 'verify';

/** The throwaway container a database command runs in: the release's image, env and network, never a port. */
export function oneOffSpec(
  config: EnvironmentConfig,
  input: { tag: string; imageId?: string | null; releaseId: string; kind: OneOffKind; cmd: string[]; secrets: Record<string, string> },
): OneOffSpec {
  return {
    name: `${config.app}-${config.name}-${input.kind}-${input.releaseId.toLowerCase()}`,
    image: imageRef(config, input.tag),
    imageId: input.imageId ?? null,
    cmd: input.cmd,
    env: { ...config.container.env, ...input.secrets, FERRY_ENV: config.name, FERRY_VERSION: input.tag },
    // Not the ferry.app/env labels: `status` must never mistake it for a colour.
    labels: { [LABEL.oneOff]: input.kind, [LABEL.oneOffTarget]: oneOffTarget({ app: config.app, env: config.name, tag: input.tag }) },
    network: config.container.network,
  };
}
