import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { clientEnv, connectionEnv, describeTarget, holdsLargeObjects, pgRestoreListArgv, psqlArgv, psqlScriptArgv, redactUrl, restorePipelineArgv } from './describe.js';
import { scrub } from './exec.js';

const URL_WITH_SECRET = 'postgres://app%40user:s3cr%2Fet%40x@db.internal:6543/orders';

describe('argv descriptions', () => {
  it('psql runs a script from stdin quietly, stopping at the first error, nothing about the connection', () => {
    expect(psqlScriptArgv()).toEqual(['psql', '--no-psqlrc', '--quiet', '--tuples-only', '--no-align', '--set', 'ON_ERROR_STOP=1', '--file', '-']);
  });

  it('restore: pg_restore prints SQL into ONE psql transaction between the before and prove scripts; paths only as arguments', () => {
    expect(restorePipelineArgv({ dump: '/b/1 $(x).dump', before: '/t/before.sql', prove: '/t/prove.sql', complete: 'select 1;' })).toEqual([
      'bash',
      '-c',
      `set -o pipefail; { pg_restore --no-owner --file=- -- "$1" && printf '%s\\n' "$2"; } | ` +
        'psql --no-psqlrc --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 --single-transaction --file "$3" --file - --file "$4"',
      'ferry-restore',
      '/b/1 $(x).dump',
      'select 1;',
      '/t/before.sql',
      '/t/prove.sql',
    ]);
  });

  it('pg_restore lists the dump’s table of contents; large-object entries are recognised, a table named BLOB is not', () => {
    expect(pgRestoreListArgv('/b/1.dump')).toEqual(['pg_restore', '--list', '--', '/b/1.dump']);
    const toc = ';\n; Archive created at 2026-12-01\n215; 1259 16386 TABLE public BLOB postgres\n3330; 0 16386 TABLE DATA public BLOB postgres\n';
    expect(holdsLargeObjects(toc)).toBe(false);
    expect(holdsLargeObjects(`${toc}3331; 2613 16397 BLOB - 16397 postgres\n3332; 0 0 BLOBS - BLOBS \n`)).toBe(true);
    expect(holdsLargeObjects(`${toc}3331; 2613 16397 LARGE OBJECT - 16397 postgres\n`)).toBe(true);
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

  it('passes the url’s TLS parameters through as libpq variables (pg_dump would otherwise connect with prefer)', () => {
    const url = 'postgres://app:pw@db:5432/orders?sslmode=verify-full&sslrootcert=/etc/ssl/db%20ca.pem&sslcert=/c.crt&sslkey=/c.key&sslcrl=/c.crl&schema=x';
    expect(connectionEnv(url)).toEqual({
      PGHOST: 'db', PGPORT: '5432', PGUSER: 'app', PGPASSWORD: 'pw', PGDATABASE: 'orders',
      PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/etc/ssl/db ca.pem', PGSSLCERT: '/c.crt', PGSSLKEY: '/c.key', PGSSLCRL: '/c.crl',
    });
    expect(connectionEnv('postgres://app:pw@db/orders?sslmode=require')).toEqual({
      PGHOST: 'db', PGPORT: '5432', PGUSER: 'app', PGPASSWORD: 'pw', PGDATABASE: 'orders', PGSSLMODE: 'require',
    });
  });

  it('the client environment: the parent’s PG* stripped (PGSSLMODE too), the url’s connection and TLS variables in', () => {
    const parent = { PATH: '/usr/bin', HOME: '/root', PGSERVICE: 'other', PGSSLMODE: 'disable', PGPASSWORD: 'stale' };
    expect(clientEnv(connectionEnv('postgres://app:pw@db/orders?sslmode=verify-ca&sslrootcert=/ca.pem'), parent)).toEqual({
      PATH: '/usr/bin', HOME: '/root',
      PGHOST: 'db', PGPORT: '5432', PGUSER: 'app', PGPASSWORD: 'pw', PGDATABASE: 'orders',
      PGSSLMODE: 'verify-ca', PGSSLROOTCERT: '/ca.pem', PGCONNECT_TIMEOUT: '10',
    });
    // No TLS parameter in the url: no PGSSLMODE at all, so libpq uses its default, prefer.
    expect(clientEnv(connectionEnv('postgres://app:pw@db/orders'), parent)).toEqual({
      PATH: '/usr/bin', HOME: '/root', PGHOST: 'db', PGPORT: '5432', PGUSER: 'app', PGPASSWORD: 'pw', PGDATABASE: 'orders', PGCONNECT_TIMEOUT: '10',
    });
  });

  it('refuses an sslmode libpq does not know, naming the valid ones', () => {
    expect(() => connectionEnv('postgres://app:pw@db/orders?sslmode=on')).toThrowError(
      new ConfigError('database url: sslmode=on is not a libpq sslmode; use one of disable, allow, prefer, require, verify-ca, verify-full'),
    );
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
