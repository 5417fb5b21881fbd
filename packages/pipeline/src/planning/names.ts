import type { Colour, EnvironmentConfig } from '../config/types.js';

export function containerName(config: EnvironmentConfig, colour: Colour): string {
  return `${config.app}-${config.name}-${colour}`;
}

export function imageRef(config: EnvironmentConfig, tag: string): string {
  return `${config.image.name}:${tag}`;
}
