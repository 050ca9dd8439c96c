/**
 * Every network and TLS failure class, reproduced for real on loopback with the real pg stack:
 * refused, no TCP handshake (tcp timeout), silent after TCP (tls timeout), silent after TLS (auth
 * timeout), 'N' to SSLRequest, and certificates from an unknown CA, expired, or for another name
 * (made with openssl, served by a fake PostgreSQL that answers 'S'). No token ever leaves.
 */
import { ConnectionTester } from '../../electron/main/connection-test/tester';
import type { SignedToken, TokenSignerPort } from '../../electron/main/iam-token/signer';
import { systemClock } from '../../electron/main/platform/clock';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { defaultDsn, type Dsn } from '../../shared/dsn';
import { ok, type Result } from '../../shared/result';
import { noTlsServer, refusedPort, stalledServer, type TlsPgServer, tlsPgServer, unacceptingServer } from '../fixture/net-fixtures';
import { type BadCerts, createBadCerts } from '../fixture/tls-certs';

const SERVER = 'mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com';
const OTHER = 'otherdb.cluster-zzz999.us-east-1.rds.amazonaws.com';
const TOKEN = `${SERVER}:5432/?Action=connect&DBUser=app_user&X-Amz-Signature=CANARY0123456789abcdef0123456789abcdef`;

/** A signer that hands out a fixed token (these tests fail before any token could be sent). */
class FixedSigner implements TokenSignerPort {
  signs = 0;
  async sign(): Promise<Result<SignedToken>> {
    this.signs++;
    return ok({
      token: TOKEN,
      cacheKey: 'k',
      expiresAt: Date.now() + 900_000,
      credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'not-a-real-secret-key-000000000000000000' },
      identity: { source: 'test keys', accessKeyIdMasked: 'AKIA…LE01' },
      facts: { signedFor: `${SERVER}:5432`, region: 'us-east-1', reuseUntil: new Date().toISOString(), fromCache: false },
    });
  }
  invalidate(): void {}
}

const tester = new ConnectionTester({ signer: new FixedSigner(), clock: systemClock });

function iamVia(port: number, over: Partial<Dsn> = {}): Dsn {
  return { ...defaultDsn(), name: 'n', server: SERVER, user: 'app_user', region: 'us-east-1', connectViaHost: '127.0.0.1', connectViaPort: port, connectTimeoutSeconds: 5, ...over };
}

function phase(report: ConnectionTestReport, name: string) {
  return report.phases.find((p) => p.name === name);
}

function failedPhase(report: ConnectionTestReport): string | undefined {
  return report.phases.find((p) => p.status === 'failed')?.name;
}

/** Runs a test and returns the report with its wall time. */
async function timed(dsn: Dsn): Promise<{ report: ConnectionTestReport; ms: number }> {
  const started = performance.now();
  const report = await tester.test(dsn);
  return { report, ms: performance.now() - started };
}

describe('network', () => {
  it('a refused port → CONNECTION_REFUSED at tcp, at once', async () => {
    const port = await refusedPort();
    const { report, ms } = await timed(iamVia(port));
    expect(report.error).toMatchObject({ code: 'CONNECTION_REFUSED', message: `127.0.0.1:${port} refused the connection.`, hint: expect.stringContaining('Nothing listens on that port'), detail: expect.stringContaining('ECONNREFUSED') });
    expect(failedPhase(report)).toBe('tcp');
    expect(ms).toBeLessThan(500);
  });

  it('a listener that never completes the TCP handshake → CONNECT_TIMEOUT at tcp after ~1 s', async () => {
    const server = await unacceptingServer();
    try {
      const { report, ms } = await timed(iamVia(server.port, { connectTimeoutSeconds: 1 }));
      expect(report.error?.code).toBe('CONNECT_TIMEOUT');
      expect(report.error?.message).toBe(`No answer from 127.0.0.1:${server.port} within 1 s, while opening the TCP connection (tcp phase).`);
      expect(report.error?.hint).toContain('security groups');
      expect(failedPhase(report)).toBe('tcp');
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(1600);
    } finally {
      await server.close();
    }
  });

  it('a listener that accepts and never answers → CONNECT_TIMEOUT at tls after ~1 s', async () => {
    const server = await stalledServer();
    try {
      const { report, ms } = await timed(iamVia(server.port, { connectTimeoutSeconds: 1 }));
      expect(report.error?.code).toBe('CONNECT_TIMEOUT');
      expect(report.error?.message).toContain('while setting up TLS (tls phase)');
      expect(report.error?.hint).toContain('never answered the TLS request');
      expect(failedPhase(report)).toBe('tls');
      expect(phase(report, 'tcp')?.status).toBe('ok');
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(1600);
    } finally {
      await server.close();
    }
  });

  it("a server answering 'N' to SSLRequest → TLS_NOT_SUPPORTED, no StartupMessage sent", async () => {
    const server = await noTlsServer();
    try {
      const { report } = await timed(iamVia(server.port));
      expect(report.error).toMatchObject({ code: 'TLS_NOT_SUPPORTED', message: 'The server does not support SSL connections.', hint: expect.stringContaining('IAM authentication needs TLS') });
      expect(failedPhase(report)).toBe('tls');
      expect([server.sslRequests(), server.startups(), server.passwords()]).toEqual([1, 0, 0]);
    } finally {
      await server.close();
    }
  });
});

describe('certificates', () => {
  let certs: BadCerts;
  let server: TlsPgServer | undefined;
  beforeAll(async () => {
    certs = await createBadCerts(SERVER, OTHER);
  });
  afterAll(async () => certs?.remove());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Serves `cert` and tests against it with the trusted CA as CA bundle. */
  async function testAgainst(cert: { key: string; cert: string }, over: Partial<Dsn> = {}, onStartup: 'error' | 'stall' = 'error'): Promise<ConnectionTestReport> {
    server = await tlsPgServer({ ...cert, onStartup });
    const report = await tester.test(iamVia(server.port, { caBundlePath: certs.trustedCaPath, ...over }));
    expect(JSON.stringify(report)).not.toContain('CANARY');
    return report;
  }

  it('a certificate from an unknown CA → TLS_UNTRUSTED_CA naming the issuer; nothing sent', async () => {
    const report = await testAgainst(certs.unknownCa);
    expect(report.error?.code).toBe('TLS_UNTRUSTED_CA');
    expect(report.error?.message).toBe(`The server's certificate is issued by CN=IAM DSN Manager untrusted test CA, which is not a CA in ${certs.trustedCaPath}.`);
    expect(report.error?.hint).toContain(`(names DNS:${SERVER})`);
    expect(report.error?.hint).toContain('global-bundle.pem');
    expect(report.error?.detail).toMatch(/^UNABLE_TO_VERIFY_LEAF_SIGNATURE: /);
    expect(failedPhase(report)).toBe('tls');
    expect(phase(report, 'tls')?.note).toContain('second handshake that sent nothing');
    // Issue 11 #16: a failed TLS phase never carries the success note.
    expect(phase(report, 'tls')?.status).toBe('failed');
    expect(phase(report, 'tls')?.note).not.toContain('certificate verified');
    // The test's handshake failed; the inspection handshake completed but sent no StartupMessage.
    expect(server?.startups()).toBe(0);
  });

  it('an expired certificate → TLS_CERT_EXPIRED with its end date and the local time', async () => {
    const report = await testAgainst(certs.expired);
    expect(report.error?.code).toBe('TLS_CERT_EXPIRED');
    expect(report.error?.message).toMatch(/^The server's certificate expired on 2020-02-01T00:00:00\.000Z; this computer's clock says \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.$/);
    expect(report.error?.hint).toContain("Check this computer's date and time");
    expect(report.error?.hint).toContain('valid 2020-01-01T00:00:00.000Z to 2020-02-01T00:00:00.000Z');
    expect(report.error?.detail).toBe('CERT_HAS_EXPIRED: certificate has expired');
    expect(phase(report, 'tls')?.status).toBe('failed');
    expect(phase(report, 'tls')?.note).not.toContain('certificate verified');
    expect(server?.startups()).toBe(0);
  });

  it('a certificate for another name → TLS_NAME_MISMATCH saying which name it has and which was expected', async () => {
    const report = await testAgainst(certs.wrongName);
    expect(report.error?.code).toBe('TLS_NAME_MISMATCH');
    expect(report.error?.message).toBe(`The server's certificate is for DNS:${OTHER}, not for ${SERVER} (the Server field).`);
    expect(report.error?.hint).toContain(`Expected a certificate for ${SERVER}; the server presented one for DNS:${OTHER}.`);
    expect(report.error?.hint).toContain('Connect via');
    expect(report.error?.detail).toContain("Hostname/IP does not match certificate's altnames");
    expect(server?.handshakes()).toBe(0);
    expect(server?.startups()).toBe(0);
  });

  it('a good certificate on a server that then never answers the login → CONNECT_TIMEOUT at auth', async () => {
    const report = await testAgainst(certs.good, { connectTimeoutSeconds: 1 }, 'stall');
    expect(report.error?.code).toBe('CONNECT_TIMEOUT');
    expect(report.error?.message).toContain('while logging in (auth phase)');
    expect(failedPhase(report)).toBe('auth');
    expect(phase(report, 'tls')).toMatchObject({ status: 'ok', note: expect.stringContaining('verified') });
    expect([server?.handshakes(), server?.startups()]).toEqual([1, 1]);
  });
});
