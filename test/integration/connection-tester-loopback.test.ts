/**
 * ConnectionTester against fake loopback servers (no PostgreSQL): SSL mode planning, the
 * plaintext guard for tokens, CA bundle errors, aborts, signing failures, and concurrent tests
 * sharing one connection.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionTester } from '../../electron/main/connection-test/tester';
import { runAttempt } from '../../electron/main/connection-test/pg-attempt';
import type { SignedToken, TokenSignerPort } from '../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../shared/connection-test';
import type { Dsn } from '../../shared/dsn';
import { err, ok, type Result } from '../../shared/result';
import { type NoTlsServer, noTlsServer, stalledServer } from '../fixture/net-fixtures';
import { dbDsn, FakeClock, iamDsn, TEST_KEYS } from '../support/fakes';

const TOKEN = 'mydb.example:5432/?Action=connect&DBUser=app_user&X-Amz-Signature=deadbeefcafe0123456789';

class StubSigner implements TokenSignerPort {
  invalidated: string[] = [];
  constructor(private readonly answer: () => Promise<Result<SignedToken>> = async () => ok(signed())) {}
  sign(): Promise<Result<SignedToken>> {
    return this.answer();
  }
  invalidate(key: string): void {
    this.invalidated.push(key);
  }
}

function signed(): SignedToken {
  return {
    token: TOKEN,
    cacheKey: 'k',
    expiresAt: 0,
    credentials: TEST_KEYS,
    identity: { source: 'the default AWS credential chain', accessKeyIdMasked: 'AKIA…LE01' },
    facts: { signedFor: 'mydb.example:5432', region: 'us-east-1', reuseUntil: new Date(0).toISOString(), fromCache: false },
  };
}

function tester(signer: TokenSignerPort = new StubSigner()): ConnectionTester {
  return new ConnectionTester({ signer, clock: new FakeClock() });
}

function phase(report: ConnectionTestReport, name: string) {
  return report.phases.find((p) => p.name === name);
}

let server: NoTlsServer;
const via = (over: Partial<Dsn> = {}): Partial<Dsn> => ({ connectViaHost: '127.0.0.1', connectViaPort: server.port, connectTimeoutSeconds: 5, ...over });
afterEach(async () => server?.close());

describe('SSL modes against a server without TLS', () => {
  beforeEach(async () => {
    server = await noTlsServer();
  });

  it('require → TLS_NOT_SUPPORTED, nothing else sent', async () => {
    const report = await tester().test(dbDsn({ ...via(), sslMode: 'require' }), { password: 'pw-123456' });
    expect(report.error?.code).toBe('TLS_NOT_SUPPORTED');
    expect(report.error?.message).toBe('The server does not support SSL connections.');
    expect(phase(report, 'tcp')?.status).toBe('ok');
    expect(phase(report, 'tls')?.status).toBe('failed');
    expect(phase(report, 'auth')?.status).toBe('skipped');
    expect([server.sslRequests(), server.startups()]).toEqual([1, 0]);
  });

  it('prefer (database) → falls back to plaintext after the refusal', async () => {
    const report = await tester().test(dbDsn({ ...via(), sslMode: 'prefer' }), { password: 'pw-123456' });
    expect(report.error?.code).toBe('NO_HBA_ENTRY');
    expect(phase(report, 'tls')?.note).toBe('the server refused TLS; retried without encryption (sslmode prefer); not encrypted (sslmode prefer)');
    expect(phase(report, 'tcp')?.note).toBe(`127.0.0.1:${server.port} (connect via, for 127.0.0.1:5432)`);
    expect(phase(report, 'auth')?.status).toBe('failed');
    expect([server.sslRequests(), server.startups()]).toEqual([1, 1]);
  });

  it('prefer (IAM) → no plaintext fallback: TLS_NOT_SUPPORTED and the token never leaves', async () => {
    const report = await tester().test(iamDsn({ ...via(), sslMode: 'prefer' }));
    expect(report.error?.code).toBe('TLS_NOT_SUPPORTED');
    expect(report.error?.hint).toContain('IAM authentication needs TLS');
    expect([server.sslRequests(), server.startups(), server.passwords()]).toEqual([1, 0, 0]);
  });

  it('allow (database) → plaintext first, then TLS after the server refuses the login', async () => {
    const report = await tester().test(dbDsn({ ...via(), sslMode: 'allow' }), { password: 'pw-123456' });
    expect(report.error?.code).toBe('TLS_NOT_SUPPORTED');
    expect(phase(report, 'tls')?.note).toContain('retried with TLS (sslmode allow)');
    expect([server.startups(), server.sslRequests()]).toEqual([1, 1]);
  });

  it('allow (IAM) → TLS first, never plaintext', async () => {
    const report = await tester().test(iamDsn({ ...via(), sslMode: 'allow' }));
    expect(report.error?.code).toBe('TLS_NOT_SUPPORTED');
    expect(phase(report, 'tls')?.note).toContain('IAM tokens are only sent over TLS');
    expect([server.sslRequests(), server.startups()]).toEqual([1, 0]);
  });
});

describe('secrets and plaintext', () => {
  beforeEach(async () => {
    server = await noTlsServer({ onStartup: 'ask-password' });
  });

  it('refuses to send a token over plaintext even when asked (PLAINTEXT_REFUSED)', async () => {
    const outcome = await runAttempt({ dsn: iamDsn(via()), tls: null, password: async () => TOKEN, secretNeedsTls: true });
    expect(outcome).toMatchObject({ ok: false, phase: 'auth', failure: { kind: 'error', error: { code: 'PLAINTEXT_REFUSED' } } });
    expect(server.passwords()).toBe(0);
  });

  it('database auth without a password → PASSWORD_MISSING when the server asks', async () => {
    const report = await tester().test(dbDsn(via()));
    expect(report.error?.code).toBe('PASSWORD_MISSING');
    expect(server.passwords()).toBe(0);
  });

  it('a wrong password → PASSWORD_AUTH_FAILED, and the report never holds it', async () => {
    const password = 'CANARY-pw-plaintext-1';
    const report = await tester().test(dbDsn(via()), { password });
    expect(report.error?.code).toBe('PASSWORD_AUTH_FAILED');
    expect(server.passwords()).toBe(1);
    expect(JSON.stringify(report)).not.toContain(password);
  });
});

describe('query timeout', () => {
  beforeEach(async () => {
    server = await noTlsServer({ onStartup: 'login-then-stall' });
  });

  it('a server that logs in and never answers the query → QUERY_TIMEOUT at the query phase', async () => {
    const started = performance.now();
    const report = await tester().test(dbDsn({ ...via(), queryTimeoutSeconds: 1 }));
    const elapsed = performance.now() - started;
    expect(report.error?.code).toBe('QUERY_TIMEOUT');
    expect(report.error?.message).toContain('1 s');
    expect(report.phases.map((p) => [p.name, p.status])).toEqual([
      ['sign', 'skipped'],
      ['tcp', 'ok'],
      ['tls', 'skipped'],
      ['auth', 'ok'],
      ['query', 'failed'],
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
  });
});

describe('before any socket', () => {
  let dir: string;
  beforeEach(async () => {
    server = await noTlsServer();
    dir = mkdtempSync(join(tmpdir(), 'iamdsn-ca-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing or non-PEM CA bundle → CA_BUNDLE_UNREADABLE, no connection', async () => {
    const missing = await tester().test(iamDsn({ ...via(), caBundlePath: join(dir, 'nope.pem') }));
    expect(missing.error?.code).toBe('CA_BUNDLE_UNREADABLE');
    expect(missing.error?.message).toContain('ENOENT');
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'hello');
    expect((await tester().test(iamDsn({ ...via(), caBundlePath: junk }))).error?.code).toBe('CA_BUNDLE_UNREADABLE');
    expect(server.connections()).toBe(0);
  });

  it('a signing failure ends the test at the sign phase', async () => {
    const signer = new StubSigner(async () => err('CREDENTIALS_MISSING', 'No AWS credentials were found in the default credential chain.'));
    const report = await tester(signer).test(iamDsn(via()));
    expect(report.error?.code).toBe('CREDENTIALS_MISSING');
    expect(phase(report, 'sign')?.status).toBe('failed');
    expect(phase(report, 'tcp')?.status).toBe('skipped');
    expect(server.connections()).toBe(0);
  });
});

describe('cancel', () => {
  it('aborts a connection stuck on a silent server quickly', async () => {
    const stalled = await stalledServer();
    try {
      const controller = new AbortController();
      const started = performance.now();
      const running = tester().test(dbDsn({ connectViaHost: '127.0.0.1', connectViaPort: stalled.port, sslMode: 'require', connectTimeoutSeconds: 30 }), { signal: controller.signal });
      setTimeout(() => controller.abort(), 150);
      const report = await running;
      expect(report.error?.code).toBe('CANCELLED');
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await stalled.close();
    }
  });

  it('aborts while the signer hangs', async () => {
    const controller = new AbortController();
    const signer = new StubSigner(() => new Promise(() => undefined));
    const running = tester(signer).test(iamDsn(), { signal: controller.signal });
    controller.abort();
    const report = await running;
    expect(report.error?.code).toBe('CANCELLED');
    expect(phase(report, 'sign')?.status).toBe('failed');
  });
});

// Moved from the unit tests of shared-attempts.ts: it needs a server that accepts and stalls.
describe('sharing one attempt', () => {
  it('concurrent tests of one DSN open one connection; cancelling all of them ends it quickly', async () => {
    const stalled = await stalledServer();
    try {
      let signs = 0;
      const signer = new StubSigner(async () => {
        signs++;
        return ok(signed());
      });
      const shared = tester(signer);
      const dsn = iamDsn({ connectViaHost: '127.0.0.1', connectViaPort: stalled.port, connectTimeoutSeconds: 30 });
      const controllers = Array.from({ length: 5 }, () => new AbortController());
      const reports = controllers.map((c) => shared.test(dsn, { signal: c.signal }));
      await vi.waitFor(() => expect(stalled.connections()).toBe(1));
      const started = performance.now();
      for (const c of controllers) c.abort();
      const done = await Promise.all(reports);
      expect(performance.now() - started).toBeLessThan(500);
      expect(done.map((r) => r.error?.code)).toEqual(Array(5).fill('CANCELLED'));
      // The last one out got the attempt's own report, with its phases.
      expect(done[4]?.phases.find((p) => p.name === 'tcp')?.status).toBe('ok');
      expect([signs, stalled.connections(), shared.runningAttempts]).toEqual([1, 1, 0]);
    } finally {
      await stalled.close();
    }
  });
});
