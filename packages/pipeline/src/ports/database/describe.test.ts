import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { connectionEnv, describeTarget, pgDumpArgv, pgRestoreArgv, psqlArgv, redactUrl } from './describe.js';
import { scrub } from './exec.js';

const URL_WITH_SECRET = 'postgres://app%40user:s3cr%2Fet%40x@db.internal:6543/orders';

describe('argv descriptions', () => {
  it('pg_dump writes a custom-format dump without owners to the file, nothing about the connection', () => {
    expect(pgDumpArgv({ file: '/b/1.dump' })).toEqual(['pg_dump', '--format=custom', '--no-owner', '--file', '/b/1.dump']);
  });

  it('pg_restore restores in one transaction, stops at the first error, takes the database from PGDATABASE', () => {
    expect(pgRestoreArgv({ file: '/b/1.dump' })).toEqual([
      'pg_restore', '--single-transaction', '--no-owner', '--exit-on-error', '--dbname', '', '/b/1.dump',
    ]);
  });

  it('psql runs one command in one transaction and stops on error', () => {
    expect(psqlArgv('select 1')).toEqual([
      'psql', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--single-transaction', '--tuples-only', '--no-align', '--command', 'select 1',
    ]);
  });
});

describe('connectionEnv', () => {
  it('decodes every part of the url into libpq variables', () => {
    expect(connectionEnv(URL_WITH_SECRET)).toEqual({
      PGHOST: 'db.internal', PGPORT: '6543', PGUSER: 'app@user', PGPASSWORD: 's3cr/et@x', PGDATABASE: 'orders',
    });
  });

  it('defaults the port to 5432 and the database to the user; accepts postgresql:// and IPv6 hosts', () => {
    expect(connectionEnv('postgresql://ferry@[::1]')).toEqual({
      PGHOST: '::1', PGPORT: '5432', PGUSER: 'ferry', PGPASSWORD: '', PGDATABASE: 'ferry',
    });
  });

  it('rejects other schemes and garbage without echoing the input', () => {
    expect(() => connectionEnv('mysql://u:pw@h/d')).toThrowError(new ConfigError('database url must start with postgres:// or postgresql:// (got "mysql://")'));
    expect(() => connectionEnv('not a url with hunter2')).toThrowError(
      new ConfigError('database url is not a valid URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE'),
    );
    expect(() => connectionEnv('postgres://h/d')).toThrowError(ConfigError);
  });

  it('describes the target as host:port/database', () => {
    expect(describeTarget(connectionEnv(URL_WITH_SECRET))).toBe('db.internal:6543/orders');
  });
});

describe('redaction', () => {
  it('replaces the password and keeps everything else', () => {
    expect(redactUrl(URL_WITH_SECRET)).toBe('postgres://app%40user:[REDACTED]@db.internal:6543/orders');
    expect(redactUrl('postgres://ferry@127.0.0.1/app')).toBe('postgres://ferry@127.0.0.1/app');
  });

  it('scrubs the password out of client output', () => {
    expect(scrub('auth failed for s3cr/et@x twice: s3cr/et@x', 's3cr/et@x')).toBe('auth failed for [REDACTED] twice: [REDACTED]');
    expect(scrub('nothing to hide', '')).toBe('nothing to hide');
  });
});
