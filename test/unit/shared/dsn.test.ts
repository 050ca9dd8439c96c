import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDsn, type Dsn, dsnInputSchema, dsnSchema, socketTarget, toFieldErrors } from '../../../shared/dsn';

const valid: Dsn = {
  ...defaultDsn(),
  name: 'prod reader',
  server: 'mydb.abc123.us-east-1.rds.amazonaws.com',
  user: 'app_user',
  region: 'us-east-1',
};

/** The field errors of a DSN with `patch` applied (`{}` when valid). */
function errorsOf(patch: Record<string, unknown>): Record<string, string[]> {
  const r = dsnInputSchema.safeParse({ ...valid, ...patch });
  return r.success ? {} : toFieldErrors(r.error);
}

describe('DSN validation', () => {
  it('accepts a complete IAM DSN and the defaults are what the card says', () => {
    expect(dsnSchema.safeParse(valid).success).toBe(true);
    const d = defaultDsn();
    expect(d).toMatchObject({ authType: 'iam', port: 5432, database: 'postgres', sslMode: 'require', tokenExpirationSeconds: 900 });
  });

  it.each([
    [{ tokenExpirationSeconds: 0 }, 'tokenExpirationSeconds', /1 to 900/],
    [{ tokenExpirationSeconds: 901 }, 'tokenExpirationSeconds', /1 to 900/],
    [{ tokenExpirationSeconds: 1.5 }, 'tokenExpirationSeconds', /whole number/],
    [{ tokenExpirationSeconds: 'abc' }, 'tokenExpirationSeconds', /whole number/],
    [{ tokenExpirationSeconds: Number.NaN }, 'tokenExpirationSeconds', /whole number/],
    [{ tokenExpirationSeconds: undefined }, 'tokenExpirationSeconds', /required/],
    [{ port: 0 }, 'port', /1 to 65535/],
    [{ port: 65536 }, 'port', /1 to 65535/],
    [{ port: '5432' }, 'port', /whole number/],
    [{ user: '' }, 'user', /User name is required/],
    [{ user: '   ' }, 'user', /User name is required/],
    [{ name: '' }, 'name', /Name is required/],
    [{ sslMode: 'disable' }, 'sslMode', /not allowed for IAM/],
    [{ sslMode: 'verify-full' }, 'sslMode', /one of/],
    [{ server: '10.1.2.3' }, 'server', /not an IP address/],
    [{ server: 'bad host' }, 'server', /valid host name/],
    [{ region: '' }, 'region', /required for IAM/],
    [{ region: 'mars-1' }, 'region', /region code/],
    [{ connectViaHost: 'not a host' }, 'connectViaHost', /host name or an IP/],
    [{ connectViaPort: 5433 }, 'connectViaHost', /required when a connect via port/],
    [{ caBundlePath: 'relative/ca.pem' }, 'caBundlePath', /absolute path/],
    [{ credentialSource: { kind: 'profile', profile: '' } }, 'credentialSource.profile', /Profile name is required/],
    [{ user: 'a\0b' }, 'user', /NUL/],
    [{ database: 'd\uDC00' }, 'database', /lone UTF-16 surrogate/],
    [{ password: 'p\uD800' }, 'password', /lone UTF-16 surrogate/],
  ])('%j → an error on %s', (patch, field, message) => {
    const errors = errorsOf(patch);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]?.join(' ')).toMatch(message);
  });

  it('allows disable, IPs and no region for database auth', () => {
    expect(errorsOf({ authType: 'database', sslMode: 'disable', server: '10.1.2.3', region: '' })).toEqual({});
  });

  it('rejects extra keys (a crafted payload)', () => {
    expect(Object.keys(errorsOf({ evil: true }))).toEqual(['_']);
  });

  it('property: any whole expiration 1..900 is accepted, anything else is rejected on that field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 900 }), (n) => {
        expect(errorsOf({ tokenExpirationSeconds: n })).toEqual({});
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 901 }), fc.double({ noInteger: true }), fc.string(), fc.boolean(), fc.constant(null)),
        (v) => {
          expect(Object.keys(errorsOf({ tokenExpirationSeconds: v }))).toEqual(['tokenExpirationSeconds']);
        },
      ),
    );
  });

  it('property: ports 1..65535 are accepted, others rejected on port', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), (p) => {
        expect(errorsOf({ port: p })).toEqual({});
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 })), (p) => {
        expect(Object.keys(errorsOf({ port: p }))).toEqual(['port']);
      }),
    );
  });

  it('property: validation never throws on arbitrary payloads', () => {
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        expect(() => dsnInputSchema.safeParse(payload)).not.toThrow();
      }),
    );
  });

  it('the socket goes to connect-via when set, the server otherwise', () => {
    expect(socketTarget(valid)).toEqual({ host: valid.server, port: 5432 });
    expect(socketTarget({ ...valid, connectViaHost: '127.0.0.1', connectViaPort: 15432 })).toEqual({ host: '127.0.0.1', port: 15432 });
    expect(socketTarget({ ...valid, connectViaHost: 'bastion.local' })).toEqual({ host: 'bastion.local', port: 5432 });
  });
});
