import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDsn, type Dsn } from '../../shared/dsn';
import { quoteKeywordValue, toKeywordValue, toUri } from '../../shared/formats/libpq';
import { libpqParseAll } from '../support/libpq-parse';

const dsn: Dsn = {
  ...defaultDsn(),
  name: 'x',
  server: 'mydb.abc123.us-east-1.rds.amazonaws.com',
  user: 'app_user',
  region: 'us-east-1',
};

describe('libpq strings', () => {
  it('URI without a secret by default, with sslmode and connect-via as hostaddr', () => {
    const uri = toUri({ ...dsn, connectViaHost: '127.0.0.1', connectViaPort: 15432, caBundlePath: '/etc/ssl/rds.pem' });
    expect(uri).toBe(
      'postgresql://app_user@mydb.abc123.us-east-1.rds.amazonaws.com:15432/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Frds.pem&connect_timeout=10',
    );
    expect(uri).not.toContain(':@');
  });

  it('keyword/value quotes spaces, quotes and backslashes', () => {
    expect(quoteKeywordValue("it's a \\ test")).toBe("'it\\'s a \\\\ test'");
    expect(quoteKeywordValue('')).toBe("''");
    expect(toKeywordValue({ ...dsn, database: 'my db' })).toContain("dbname='my db'");
  });

  it('property: libpq itself reads back every part of the URI and keyword/value strings', () => {
    const hostile = fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom('a', 'é', ' ', "'", '"', '\\', ':', '@', '/', '?', '#', '&', '=', '%', '+', '😀') });
    const cases = fc.sample(fc.tuple(hostile, hostile, hostile), { numRuns: 150, seed: 42 });
    const strings = cases.flatMap(([user, database, secret]) => [toUri({ ...dsn, user, database }, secret), toKeywordValue({ ...dsn, user, database }, secret)]);
    const parsed = libpqParseAll(strings);
    expect(parsed).toHaveLength(strings.length);
    cases.forEach(([user, database, secret], i) => {
      for (const result of [parsed[2 * i], parsed[2 * i + 1]]) {
        expect(result).toEqual({
          ok: true,
          params: { host: dsn.server, port: '5432', user, dbname: database, password: secret, sslmode: 'require', connect_timeout: '10' },
        });
      }
    });
  });
});
