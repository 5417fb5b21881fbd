import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseCliArgs } from './args.js';

describe('parseCliArgs: commands with a second word', () => {
  it('config check and router takeover keep their subcommand', () => {
    expect(parseCliArgs(['router', 'takeover', '--env', 'staging', '--yes'])).toMatchObject({ command: 'router', subcommand: 'takeover', env: 'staging', yes: true });
    expect(parseCliArgs(['config', 'check', '--env', 'staging'])).toMatchObject({ command: 'config', subcommand: 'check' });
  });

  it('any other command with a second word is exit 2 naming the word', () => {
    expect(() => parseCliArgs(['deploy', 'takeover', '--env', 'staging'])).toThrow(ConfigError);
    expect(() => parseCliArgs(['deploy', 'takeover'])).toThrow('unexpected argument "takeover"');
    expect(() => parseCliArgs(['router', 'takeover', 'now'])).toThrow('unexpected argument "now"');
  });
});
