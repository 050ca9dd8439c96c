/**
 * The checks run on this computer when PAM refuses a token, and the diagnoses that use the server's
 * certificate (names, issuer, dates). Tokens are real SigV4 presigned URLs (fixture-tokens.ts).
 */
import { DatabaseError } from 'pg';
import type { PeerCertFacts } from '../../../../electron/main/connection-test/cert-facts';
import { certNameMatches } from '../../../../electron/main/connection-test/cert-facts';
import { diagnoseError, diagnoseTimeout } from '../../../../electron/main/connection-test/diagnosis/diagnosis';
import { formatLocalChecks, humanDuration, localChecks, parseTokenClaims, timeInText } from '../../../../electron/main/connection-test/diagnosis/local-checks';
import type { PhaseName } from '../../../../shared/connection-test';
import type { Dsn } from '../../../../shared/dsn';
import { presignToken } from '../../../fixture/fixture-tokens';
import { iamDsn, TEST_KEYS } from '../../../support/fakes';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const SERVER = 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com';

function token(over: { region?: string; port?: number; host?: string; date?: number; expiresIn?: number } = {}): string {
  return presignToken(
    { hostname: over.host ?? SERVER, port: over.port ?? 5432, region: over.region ?? 'us-east-1', username: 'app_user', key: TEST_KEYS },
    { date: new Date(over.date ?? NOW), expiresIn: over.expiresIn ?? 900 },
  );
}

function pam(): DatabaseError {
  const e = new DatabaseError('PAM authentication failed for user "app_user"', 0, 'error');
  e.code = '28000';
  return e;
}

const ctx = (dsn: Dsn, extra: Record<string, unknown> = {}, phase: PhaseName = 'auth') => ({ dsn, phase, tls: true, now: NOW, ...extra });

describe('parseTokenClaims', () => {
  it('reads host, port, region, date and lifetime, and nothing secret', () => {
    const claims = parseTokenClaims(token({ port: 6543, region: 'eu-west-1', date: NOW - 61_000, expiresIn: 600 }));
    expect(claims).toEqual({ host: SERVER, port: 6543, region: 'eu-west-1', signedAt: NOW - 61_000, expiresInSeconds: 600, accessKeyId: TEST_KEYS.accessKeyId, hasSessionToken: false });
  });

  it.each(['', 'not-a-token', 'host/?X-Amz-Date=bad', `${SERVER}:5432/?Action=connect`])('rejects %j', (text) => {
    expect(parseTokenClaims(text)).toBeUndefined();
  });
});

describe('localChecks', () => {
  const dsn = iamDsn({ server: SERVER });

  it('issue 11 #14: a temporary ASIA… key signed without a session token is named as the cause, with AWS_SESSION_TOKEN', () => {
    const temporary = { accessKeyId: 'ASIAEXAMPLETEMPKEY42', secretAccessKey: TEST_KEYS.secretAccessKey };
    const signed = (sessionToken?: string): string =>
      presignToken({ hostname: SERVER, port: 5432, region: 'us-east-1', username: 'app_user', key: { ...temporary, sessionToken } }, { date: new Date(NOW - 5000) });
    const refused = diagnoseError(pam(), ctx(dsn, { claims: parseTokenClaims(signed()) }));
    // The cause the report leads with (in the message, or in its own field), and the check behind it.
    expect(JSON.stringify(refused)).toMatch(/a temporary access key \(ASIA…\) signed without its session token: temporary keys need AWS_SESSION_TOKEN/i);
    const checks = localChecks({ dsn, claims: parseTokenClaims(signed()), now: NOW });
    expect(checks[0]).toMatchObject({ status: 'problem', text: expect.stringContaining('The token is signed with the temporary access key ASIA…EY42 but without a session token: temporary keys need AWS_SESSION_TOKEN') });
    expect(JSON.stringify(refused)).not.toContain(temporary.accessKeyId);
    const withToken = diagnoseError(pam(), ctx(dsn, { claims: parseTokenClaims(signed('session-token-value')) }));
    expect(withToken.hint ?? '').not.toContain('AWS_SESSION_TOKEN');
  });

  it('an old token: problem with its age and expiry, listed first', () => {
    const checks = localChecks({ dsn, claims: parseTokenClaims(token({ date: NOW - 20 * 60_000 })), now: NOW });
    expect(checks[0]).toMatchObject({
      status: 'problem',
      cause: 'the token expired 5 min ago',
      text: 'The token was signed at 2030-01-01T11:40:00Z (20 min ago) and expired at 2030-01-01T11:55:00Z (valid 900 s): the clock that signed it is behind, or the token is stale. Test again to sign a new one, and check the clock.',
    });
  });

  it('a token dated in the future (clock ahead) is a problem; a fresh one is fine', () => {
    expect(localChecks({ dsn, claims: parseTokenClaims(token({ date: NOW + 10 * 60_000 })), now: NOW })[0]).toMatchObject({ status: 'problem', cause: 'the token is dated in the future' });
    const fresh = localChecks({ dsn, claims: parseTokenClaims(token({ date: NOW - 5000 })), now: NOW });
    expect(fresh.find((c) => c.text.startsWith('The token was signed'))).toMatchObject({ status: 'ok', text: expect.stringContaining('(5 s ago) and is valid until 2030-01-01T12:14:55Z') });
  });

  it('region: from the endpoint name, else from the certificate (CNAME), else unknown', () => {
    const wrong = localChecks({ dsn, claims: parseTokenClaims(token({ region: 'eu-west-1' })), now: NOW });
    expect(wrong[0]).toMatchObject({ status: 'problem', text: `The token is signed for region eu-west-1, but the endpoint name ${SERVER} says us-east-1: set Region to us-east-1.` });

    const cname = iamDsn({ server: 'db.corp.example', region: 'eu-west-1' });
    const viaCert = localChecks({ dsn: cname, claims: parseTokenClaims(token({ host: 'db.corp.example', region: 'eu-west-1' })), now: NOW, certNames: ['DNS:db.corp.example', 'DNS:*.cluster-abc123.us-east-1.rds.amazonaws.com'] });
    expect(viaCert[0]).toMatchObject({ status: 'problem', text: "The token is signed for region eu-west-1, but the server certificate's names say us-east-1: set Region to us-east-1." });

    const unknown = localChecks({ dsn: cname, now: NOW });
    expect(unknown.find((c) => c.text.includes('not an RDS endpoint name'))?.status).toBe('check');
  });

  it("host: a token signed for a name the server's certificate does not carry is a problem", () => {
    const tunnel = iamDsn({ server: 'localhost', port: 15432 });
    const checks = localChecks({ dsn: tunnel, claims: parseTokenClaims(token({ host: 'localhost', port: 15432 })), now: NOW, certNames: [`DNS:${SERVER}`] });
    expect(checks.filter((c) => c.status === 'problem').map((c) => c.cause)).toEqual(['the token is signed for localhost, which the server\'s certificate does not name']);
    const good = localChecks({ dsn, claims: parseTokenClaims(token()), now: NOW, certNames: ['DNS:*.cluster-abc123.us-east-1.rds.amazonaws.com'] });
    expect(good.some((c) => c.status === 'ok' && c.text.startsWith("The server's certificate is issued for"))).toBe(true);
  });

  it('connect via: the port is something to check; direct: it is fine', () => {
    const via = localChecks({ dsn: iamDsn({ server: SERVER, connectViaHost: '127.0.0.1', connectViaPort: 15432 }), now: NOW });
    expect(via.find((c) => c.text.includes('you connect via 127.0.0.1:15432'))?.status).toBe('check');
    expect(localChecks({ dsn, now: NOW }).find((c) => c.text.includes('the connection went to'))?.status).toBe('ok');
  });

  it('clock: always shows the local UTC time; a server time minutes away is a problem', () => {
    expect(localChecks({ dsn, now: NOW }).find((c) => c.text.includes("This computer's clock says 2030-01-01T12:00:00Z (UTC)"))?.status).toBe('check');
    const skewed = localChecks({ dsn, now: NOW, serverTime: NOW + 7 * 60_000 });
    expect(skewed[0]).toMatchObject({ status: 'problem', cause: "this computer's clock is off", text: expect.stringContaining('differ by 7 min') });
  });

  it('formats with marks', () => {
    expect(formatLocalChecks([{ status: 'problem', text: 'a' }, { status: 'check', text: 'b' }, { status: 'ok', text: 'c' }])).toBe('Checked on this computer:\n✘ a\n? b\n✔ c');
  });
});

describe('helpers', () => {
  it.each([
    [0, '0 s'],
    [42_400, '42 s'],
    [300_000, '5 min'],
    [200_000, '3 min 20 s'],
    [3_720_000, '1 h 2 min'],
  ])('humanDuration(%i) = %s', (ms, text) => expect(humanDuration(ms)).toBe(text));

  it('timeInText finds ISO and HTTP dates, or nothing', () => {
    expect(timeInText('request time 2030-01-01T12:07:00Z is too skewed')).toBe(NOW + 7 * 60_000);
    expect(timeInText('Date: Tue, 01 Jan 2030 12:00:00 GMT')).toBe(NOW);
    expect(timeInText('PAM authentication failed for user "x"')).toBeUndefined();
  });

  it('certNameMatches: exact, one-label wildcard, CN and case', () => {
    expect(certNameMatches(`DNS:${SERVER.toUpperCase()}`, SERVER)).toBe(true);
    expect(certNameMatches('DNS:*.cluster-abc123.us-east-1.rds.amazonaws.com', SERVER)).toBe(true);
    expect(certNameMatches('DNS:*.us-east-1.rds.amazonaws.com', SERVER)).toBe(false);
    expect(certNameMatches(`CN:${SERVER}`, SERVER)).toBe(true);
    expect(certNameMatches('DNS:other.example', SERVER)).toBe(false);
  });
});

describe('PAM diagnosis with local checks', () => {
  it('one headline, the cause once, no action for a stale token; the checklist without the grant (PAM means the user is in rds_iam)', () => {
    const e = diagnoseError(pam(), ctx(iamDsn({ server: SERVER }), { claims: parseTokenClaims(token({ date: NOW - 20 * 60_000 })) }));
    expect(e.code).toBe('PAM_AUTH_FAILED');
    expect(e.message).toBe('The server refused the IAM token for user app_user (PAM authentication failed).');
    expect(e.cause).toBe('The token expired 5 min ago.');
    expect(e.action).toBeUndefined();
    expect(e.hint).not.toContain('expired 5 min ago');
    expect(e.hint).not.toMatch(/✔/);
    expect(e.hint).toContain('Check, in order:\n1. An IAM policy of the signing identity allows rds-db:connect');
    expect(e.hint).not.toContain('GRANT rds_iam');
    expect(e.detail).toBe('PAM authentication failed for user "app_user"');
  });

  it('a wrong region: the cause said once, ONE action that sets Region, a short report', () => {
    const dsn = iamDsn({ server: SERVER, region: 'eu-central-1' });
    const e = diagnoseError(pam(), ctx(dsn, { claims: parseTokenClaims(token({ region: 'eu-central-1' })) }));
    expect(e.message).toBe('The server refused the IAM token for user app_user (PAM authentication failed).');
    expect(e.cause).toBe('The token is signed for region eu-central-1, the endpoint is in us-east-1.');
    expect(e.action).toEqual({ kind: 'set-field', field: 'region', value: 'us-east-1', label: 'Set Region to us-east-1' });
    const all = [e.message, e.cause, e.hint].join('\n');
    expect(all).not.toContain('clock is in sync');
    expect(all.replaceAll(SERVER, '<server>').match(/us-east-1/g)).toHaveLength(1);
    expect(all.length).toBeLessThan(1_000);
  });

  it('without a problem found: no cause, the IAM setup as the action, only the open checks', () => {
    const e = diagnoseError(pam(), ctx(iamDsn({ server: SERVER }), { claims: parseTokenClaims(token()) }));
    expect(e.message).toBe('The server refused the IAM token for user app_user (PAM authentication failed).');
    expect(e.cause).toBeUndefined();
    expect(e.action).toEqual({ kind: 'open-iam-setup', label: 'Open IAM setup with the fields filled' });
    expect(e.hint).toMatch(/^Checked on this computer:\n/);
    expect(e.hint).toContain("This computer's clock says 2030-01-01T12:00:00Z (UTC)");
    expect(e.hint).not.toContain('matches');
  });
});

describe('TLS diagnoses with the server certificate', () => {
  const cert: PeerCertFacts = {
    subject: `CN=${SERVER}`,
    issuer: 'CN=Corp Proxy CA, O=Corp',
    altNames: [`DNS:${SERVER}`],
    validFrom: '2029-01-01T00:00:00.000Z',
    validTo: '2029-12-01T00:00:00.000Z',
  };
  const sys = (code: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

  it('unknown CA names the issuer and the bundle', () => {
    const e = diagnoseError(sys('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), ctx(iamDsn({ caBundlePath: '/etc/rds.pem' }), { peerCert: cert }, 'tls'));
    expect(e.message).toBe('The server\'s certificate is issued by CN=Corp Proxy CA, O=Corp, which is not a CA in /etc/rds.pem.');
    expect(e.hint).toContain(`(names DNS:${SERVER})`);
  });

  it('expired and not-yet-valid name the date and this computer’s time', () => {
    expect(diagnoseError(sys('CERT_HAS_EXPIRED', 'certificate has expired'), ctx(iamDsn(), { peerCert: cert }, 'tls')).message).toBe(
      "The server's certificate expired on 2029-12-01T00:00:00.000Z; this computer's clock says 2030-01-01T12:00:00Z.",
    );
    const early = diagnoseError(sys('CERT_NOT_YET_VALID', 'certificate is not yet valid'), ctx(iamDsn(), { peerCert: { ...cert, validFrom: '2031-01-01T00:00:00.000Z' } }, 'tls'));
    expect(early).toMatchObject({ code: 'TLS_CERT_EXPIRED', message: expect.stringContaining('is only valid from 2031-01-01T00:00:00.000Z') });
  });

  it('a name mismatch says what the certificate is for, from the error’s own certificate', () => {
    const error = sys('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", { cert: { subject: { CN: 'x' }, issuer: { CN: 'ca' }, subjectaltname: 'DNS:other.example, DNS:*.other.example', valid_from: 'Jan  1 00:00:00 2030 GMT', valid_to: 'Feb  1 00:00:00 2030 GMT' } });
    const e = diagnoseError(error, ctx(iamDsn({ server: SERVER }), {}, 'tls'));
    expect(e.message).toBe(`The server's certificate is for DNS:other.example, DNS:*.other.example, not for ${SERVER} (the Server field).`);
  });

  it('timeouts say the phase', () => {
    for (const phase of ['tcp', 'tls', 'auth'] as const) expect(diagnoseTimeout(ctx(iamDsn(), {}, phase)).message).toContain(`(${phase} phase)`);
    expect(diagnoseTimeout(ctx(iamDsn(), {}, 'query')).message).toContain('(query phase)');
  });
});
