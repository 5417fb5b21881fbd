import type { EnvironmentConfig } from '../config/types.js';
import { asServed, createPorts } from '../flows/ports.js';
import { versionChoices, type VersionChoice } from '../planning/version-choices.js';
import { gatherTruth } from '../state/gather-truth.js';
import { readLedger } from '../state/ledger.js';
import { statePaths } from '../state/paths.js';

/** Tags to offer for deploy and rollback: history, the running colours and the local images. */
export async function listVersions(file: EnvironmentConfig, signal?: AbortSignal, onSkipped: (warning: string) => void = () => undefined): Promise<VersionChoice[]> {
  const config = await asServed(file);
  const ports = createPorts(config, signal);
  const [truth, ledger, images] = await Promise.all([
    gatherTruth(config, ports, signal),
    readLedger(statePaths(config.stateDir).ledger, onSkipped),
    ports.docker.listImageTags(config.image.name),
  ]);
  return versionChoices(config, truth, ledger, images);
}
