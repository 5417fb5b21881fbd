import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { trivyArgv } from './describe.js';

describe('trivyArgv', () => {
  it('plain scan: JSON on stdout, quiet, exit code 0 whatever it finds', () => {
    expect(trivyArgv({ image: 'registry.local/app:1.2.3', ignoreUnfixed: false })).toEqual([
      'trivy', 'image', '--format', 'json', '--quiet', '--exit-code', '0', 'registry.local/app:1.2.3',
    ]);
  });

  it('every option, image last', () => {
    expect(
      trivyArgv({ image: 'app@sha256:abc', ignoreUnfixed: true, ignoreFile: '/srv/app/.trivyignore.yaml', severities: ['HIGH', 'CRITICAL'] }),
    ).toEqual([
      'trivy', 'image', '--format', 'json', '--quiet', '--exit-code', '0',
      '--ignore-unfixed', '--severity', 'HIGH,CRITICAL', '--ignorefile', '/srv/app/.trivyignore.yaml', 'app@sha256:abc',
    ]);
  });

  it('refuses an image that would read as a flag', () => {
    expect(() => trivyArgv({ image: '--config=/etc/x', ignoreUnfixed: false })).toThrow(ConfigError);
    expect(() => trivyArgv({ image: '', ignoreUnfixed: false })).toThrow(ConfigError);
  });
});
