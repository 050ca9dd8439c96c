/**
 * Ground truth from the real libpq (PQconninfoParse through ctypes, no connection): the `uri` and
 * `keyword` exports mean exactly the intended parameters, and the importer's hand-written parsers
 * agree with libpq on arbitrary, also malformed, strings.
 */
import fc from 'fast-check';
import { parse as pgConnectionStringParse } from 'pg-connection-string';
import { describe, expect, it } from 'vitest';
import type { Dsn } from '../../shared/dsn';
import { exportDsn, importConnectionString, type ImportOutcome } from '../../shared/formats';
import { type LibpqParse, parseKeywordValue, parseLibpqUri } from '../../shared/formats/parse-libpq';
import { libpqParams } from '../../shared/formats/libpq';
import { dsnArbitrary, hostileString } from '../support/dsn-arbitraries';
import { DB_DSN, IAM_DSN, IAM_TUNNEL_DSN, TOKEN } from '../support/dsn-fixtures';
import { type LibpqParse as RealParse, libpqParseAll } from '../support/libpq-parse';
/** The keywords of the libpq installed here (15); newer keywords are unknown to it. */
const LIBPQ15 = new Set(
  'service user password passfile channel_binding connect_timeout dbname host hostaddr port client_encoding options application_name fallback_application_name keepalives keepalives_idle keepalives_interval keepalives_count tcp_user_timeout sslmode sslcompression sslcert sslkey sslpassword sslrootcert sslcrl sslcrldir sslsni requirepeer ssl_min_protocol_version ssl_max_protocol_version gssencmode krbsrvname gsslib replication target_session_attrs'.split(
    ' ',
  ),
);

describe('the real libpq reads the uri and keyword exports as intended', () => {
  it('for the fixtures, with and without a secret', () => {
    const cases: Array<[Dsn, string | undefined]> = [
      [IAM_DSN, undefined],
      [IAM_DSN, TOKEN],
      [IAM_TUNNEL_DSN, undefined],
      [IAM_TUNNEL_DSN, TOKEN],
      [DB_DSN, "pa ss'wo\\rd"],
    ];
    const strings = cases.flatMap(([dsn, secret]) => {
      const options = secret === undefined ? {} : { secret: { kind: dsn.authType === 'iam' ? ('token' as const) : ('password' as const), value: secret } };
      return [exportDsn(dsn, 'uri', options).text, exportDsn(dsn, 'keyword', options).text];
    });
    const parsed = libpqParseAll(strings);
    cases.forEach(([dsn, secret], i) => {
      const want: RealParse = { ok: true, params: Object.fromEntries(libpqParams(dsn, secret)) };
      expect(parsed[2 * i]).toEqual(want);
      expect(parsed[2 * i + 1]).toEqual(want);
    });
  });

  it('property: for arbitrary DSNs and secrets with hostile characters', () => {
    const cases = fc.sample(fc.tuple(dsnArbitrary({ newlines: true }), fc.option(hostileString(300, { newlines: true }), { nil: undefined })), { numRuns: 400, seed: 7 });
    const strings = cases.flatMap(([dsn, secret]) => {
      const options = secret === undefined ? {} : { secret: { kind: dsn.authType === 'iam' ? ('token' as const) : ('password' as const), value: secret } };
      return [exportDsn(dsn, 'uri', options).text, exportDsn(dsn, 'keyword', options).text];
    });
    const parsed = libpqParseAll(strings);
    expect(parsed).toHaveLength(strings.length);
    cases.forEach(([dsn, secret], i) => {
      const want = { ok: true, params: Object.fromEntries(libpqParams(dsn, secret)) };
      expect(parsed[2 * i], strings[2 * i]).toEqual(want);
      expect(parsed[2 * i + 1], strings[2 * i + 1]).toEqual(want);
    });
  });
});

/** Both outcomes must occur often, or the comparison proves little. */
function expectMixed(real: RealParse[]): void {
  const okCount = real.filter((r) => r.ok).length;
  expect(okCount).toBeGreaterThan(real.length / 10);
  expect(real.length - okCount).toBeGreaterThan(real.length / 10);
}

/** Compares the importer's parser with libpq on one string. */
function agree(text: string, ours: LibpqParse, real: RealParse): void {
  if (real.ok) {
    const lossy = Object.values(real.params).some((v) => /[\udc80-\udcff]/.test(v));
    if (!ours.ok && lossy && /not valid UTF-8/.test(ours.message)) return; // libpq keeps bytes that are not UTF-8; we refuse them
    expect(ours, text).toMatchObject({ ok: true });
    if (!ours.ok) return;
    expect(ours.value.filter((p) => !LIBPQ15.has(p.key)), text).toEqual([]);
    expect(Object.fromEntries(ours.value.map((p) => [p.key, p.value])), text).toEqual(real.params);
  } else {
    const unknown = ours.ok && ours.value.some((p) => !LIBPQ15.has(p.key));
    expect(!ours.ok || unknown, `${text}: libpq says ${real.error}`).toBe(true);
  }
}

const kvPieces = ['host', 'port', 'dbname', 'user', 'password', 'sslmode', 'requiressl', 'foo', '=', '=', ' ', ' ', '\t', '\n', "'", "'", '\\', 'a', 'é', '1', 'x y', "\\'", '\\\\'];
const uriPieces = [
  'u', 'p', ':', ':', '@', '/', '/', '?', '&', '=', '=', '[', ']', '::1', ',', '%41', '%', '%0', '%00', '%C3%A9', '%C3', '%2F', 'host', 'port', 'dbname',
  'user', 'ssl', 'true', 'sslmode', 'require', 'requiressl', 'x', '5432', '#', ' ', '+', 'é',
];

describe("the importer's parsers agree with the real libpq", () => {
  it('property: keyword/value strings, valid or not', () => {
    const strings = fc.sample(fc.array(fc.constantFrom(...kvPieces), { maxLength: 14 }).map((p) => p.join('')), { numRuns: 1500, seed: 11 });
    const real = libpqParseAll(strings);
    expectMixed(real);
    strings.forEach((s, i) => agree(s, parseKeywordValue(s), real[i] as RealParse));
  });

  it('property: structured keyword/value strings with quoting', () => {
    const value = fc.oneof(hostileString(20, { newlines: true }), fc.constant(''));
    const pair = fc.tuple(fc.constantFrom('host', 'user', 'dbname', 'password', 'options'), fc.constantFrom('', ' ', '\t'), value, fc.boolean()).map(([k, sp, v, quote]) =>
      quote ? `${k}${sp}=${sp}'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `${k}${sp}=${sp}${v.replace(/([\\\s'])/g, '\\$1')}`,
    );
    const strings = fc.sample(fc.array(pair, { minLength: 1, maxLength: 5 }).map((p) => p.join(' ')), { numRuns: 800, seed: 12 });
    const real = libpqParseAll(strings);
    strings.forEach((s, i) => agree(s, parseKeywordValue(s), real[i] as RealParse));
  });

  it('property: URIs, valid or not', () => {
    const strings = fc.sample(
      fc.tuple(fc.constantFrom('postgresql://', 'postgres://'), fc.array(fc.constantFrom(...uriPieces), { maxLength: 16 })).map(([s, p]) => s + p.join('')),
      { numRuns: 2000, seed: 13 },
    );
    const real = libpqParseAll(strings);
    expectMixed(real);
    strings.forEach((s, i) => agree(s, parseLibpqUri(s), real[i] as RealParse));
  });
});

// Moved from test/unit/formats/import.test.ts: it asks the real libpq (python3), so it is integration.
describe('importing a libpq URI, where pg-connection-string would be wrong', () => {
  const imported = (text: string): ImportOutcome => {
    const r = importConnectionString(text);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('where pg-connection-string would be wrong: it decodes the path with decodeURI and reads sslrootcert', () => {
    const uri = 'postgresql://u@h/a%2Fb%20c';
    const [real] = libpqParseAll([uri]);
    expect(real).toEqual({ ok: true, params: { user: 'u', host: 'h', dbname: 'a/b c' } });
    expect(imported(uri).dsn.database).toBe('a/b c');
    expect(pgConnectionStringParse(uri).database).toBe('a%2Fb c');
    expect(() => pgConnectionStringParse('postgresql://u@h/d?sslrootcert=/nonexistent/ca.pem')).toThrow(/ENOENT/);
    expect(imported('postgresql://u@h/d?sslrootcert=/nonexistent/ca.pem').dsn.caBundlePath).toBe('/nonexistent/ca.pem');
    expect(parseLibpqUri('postgresql://h/d#x')).toEqual({ ok: true, value: [{ key: 'host', value: 'h', position: 14 }, { key: 'dbname', value: 'd#x', position: 16 }] });
  });
});
