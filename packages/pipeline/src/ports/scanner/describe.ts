import { ConfigError } from '../../errors.js';
import type { Severity } from './types.js';

export interface TrivyImageOptions {
  image: string;
  ignoreUnfixed: boolean;
  /** .trivyignore or .trivyignore.yaml; named explicitly so trivy never falls back to a stray ./.trivyignore. */
  ignoreFile?: string;
  /** Limits what trivy reports; leave unset to count every severity in the summary. */
  severities?: Severity[];
}

/**
 * `trivy image` as an argv array (argv[0] is the program name). `--exit-code 0` because the gate
 * reads the report, not the exit code: any non-zero exit then means trivy itself failed.
 * The ignore options are passed so trivy's output means what Ferry's gate means; decideScan
 * applies the same policy again, so a report made without them is judged the same way.
 */
export function trivyArgv(opts: TrivyImageOptions): string[] {
  if (!opts.image || opts.image.startsWith('-')) {
    throw new ConfigError(`scan image "${opts.image}" is not an image reference; expected NAME:TAG or NAME@sha256:…`);
  }
  return [
    'trivy',
    'image',
    '--format',
    'json',
    '--quiet',
    '--exit-code',
    '0',
    ...(opts.ignoreUnfixed ? ['--ignore-unfixed'] : []),
    ...(opts.severities?.length ? ['--severity', opts.severities.join(',')] : []),
    ...(opts.ignoreFile ? ['--ignorefile', opts.ignoreFile] : []),
    opts.image,
  ];
}
