/**
 * ConnectionTester + TokenSigner against the real IAM PostgreSQL fixture (PAM + SigV4 verifier
 * over TLS). No pg mocks; credentials are the fixture's keys, injected — AWS is never contacted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { ConnectionTester } from '../../electron/main/connection-test/tester';
import type { TokenSigner } from '../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../shared/connection-test';
import type { Dsn } from '../../shared/dsn';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { fixtureIamDsn } from '../fixture/fixture-dsn';
import { refusedPort } from '../fixture/net-fixtures';
import { testServices } from '../support/app';

let fixture: IamPostgresInternals;
let dir: string;
let keyIndex = 0;
let signer: TokenSigner;
let tester: ConnectionTester;

beforeAll(async () => {
  fixture = await startIamPostgres();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-int-'));
  ({ signer, tester } = testServices({
    credentialProviderFactory: () => async () => {
      const key = fixture.keys[keyIndex];
      if (key === undefined) throw new Error('no such fixture key');
      return key;
    },
  }));
});

afterAll(async () => {
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  keyIndex = 0;
  signer.clear();
});

/** An IAM DSN for the fixture: signed for the endpoint, socket to the loopback port. */
function iam(over: Partial<Dsn> = {}): Dsn {
  return fixtureIamDsn(fixture, { connectTimeoutSeconds: 10, ...over });
}

function db(over: Partial<Dsn> = {}): Dsn {
  return iam({ authType: 'database', user: fixture.dbUser, ...over });
}

function phaseOf(report: ConnectionTestReport, name: string) {
  return report.phases.find((p) => p.name === name);
}

function expectSuccess(report: ConnectionTestReport): void {
  if (report.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(report.error)}`);
}

describe('IAM authentication', () => {
  it.each([
    ['a long-term key', 0],
    ['a temporary key with session token', 1],
  ])('succeeds over verified TLS with %s', async (_label, index) => {
    keyIndex = index;
    const report = await tester.test(iam());
    expectSuccess(report);
    expect(report.phases.map((p) => [p.name, p.status])).toEqual([
      ['sign', 'ok'],
      ['tcp', 'ok'],
      ['tls', 'ok'],
      ['auth', 'ok'],
      ['query', 'ok'],
    ]);
    expect(report.server).toMatchObject({
      serverVersion: expect.stringMatching(/^15\./),
      currentUser: fixture.iamUser,
      database: fixture.database,
      connectedTo: `127.0.0.1:${fixture.port}`,
      tls: { version: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String) },
    });
    expect(report.token).toMatchObject({ signedFor: `${fixture.endpointHost}:${fixture.endpointPort}`, region: fixture.region, fromCache: false });
    expect(phaseOf(report, 'tls')?.note).toContain('verified');
    expect(report.server?.tls?.verified).toBe(true);
    expect(report.totalMs).toBeGreaterThan(0);
  });

  it('reuses the cached token on the next test', async () => {
    expectSuccess(await tester.test(iam()));
    const again = await tester.test(iam());
    expectSuccess(again);
    expect(again.token?.fromCache).toBe(true);
  });

  it('encrypts without verification for sslmode require without a CA bundle (like libpq)', async () => {
    const report = await tester.test(iam({ caBundlePath: '' }));
    expectSuccess(report);
    expect(phaseOf(report, 'tls')?.note).toContain('not verified');
    expect(report.server?.tls?.verified).toBe(false);
  });

  it('uses TLS for sslmode allow and prefer', async () => {
    for (const sslMode of ['allow', 'prefer'] as const) {
      const report = await tester.test(iam({ sslMode }));
      expectSuccess(report);
      expect(report.server?.tls).not.toBeNull();
    }
  });

  it('a user without rds_iam → PASSWORD_AUTH_FAILED with the checklist, and the token is not reused', async () => {
    const report = await tester.test(iam({ user: fixture.noIamUser }));
    expect(report.error?.code).toBe('PASSWORD_AUTH_FAILED');
    expect(report.error?.cause).toContain('not a member of rds_iam');
    expect(report.error?.action).toMatchObject({ kind: 'copy', text: `GRANT rds_iam TO ${fixture.noIamUser};` });
    expect(report.error?.detail).toBe(`password authentication failed for user "${fixture.noIamUser}"`);
    expect(phaseOf(report, 'auth')?.status).toBe('failed');
    expect((await tester.test(iam({ user: fixture.noIamUser }))).token?.fromCache).toBe(false);
  });

  it('a wrong region → PAM_AUTH_FAILED with the checklist naming the region', async () => {
    const report = await tester.test(iam({ region: 'eu-west-1' }));
    expect(report.error?.code).toBe('PAM_AUTH_FAILED');
    expect(report.error?.hint).toContain('signed for region eu-west-1');
    expect(report.error?.hint).toContain('rds-db:connect');
    expect(report.error?.detail).toBe(`PAM authentication failed for user "${fixture.iamUser}"`);
  });

  it('a different signing port → PAM_AUTH_FAILED showing what the token was signed for', async () => {
    const report = await tester.test(iam({ port: fixture.endpointPort + 1 }));
    expect(report.error?.code).toBe('PAM_AUTH_FAILED');
    expect(report.error?.hint).toContain(`signed for ${fixture.endpointHost}:${fixture.endpointPort + 1}`);
    expect(report.error?.hint).toContain(`You connect via 127.0.0.1:${fixture.port}`);
  });

  it('a token the verifier refuses → PAM_AUTH_FAILED', async () => {
    await fixture.rejectNext(1);
    expect((await tester.test(iam())).error?.code).toBe('PAM_AUTH_FAILED');
    expectSuccess(await tester.test(iam()));
  });
});

describe('TLS verification', () => {
  it('a certificate not valid for the server name → TLS_NAME_MISMATCH, before any token is sent', async () => {
    const before = (await fixture.verifierLog()).length;
    const report = await tester.test(iam({ server: 'other-db.cluster-abc.us-east-1.rds.amazonaws.com' }));
    expect(report.error?.code).toBe('TLS_NAME_MISMATCH');
    expect(phaseOf(report, 'tls')?.status).toBe('failed');
    // A phase's note says what happened in it, never the plan.
    expect(phaseOf(report, 'tls')?.note ?? '').not.toMatch(/verified against/);
    expect((await fixture.verifierLog()).length).toBe(before);
  });

  it('a CA bundle that does not hold the server CA → TLS_UNTRUSTED_CA', async () => {
    const otherCas = join(dir, 'other-cas.pem');
    writeFileSync(otherCas, rootCertificates.slice(0, 5).join('\n'));
    const report = await tester.test(iam({ caBundlePath: otherCas }));
    expect(report.error?.code).toBe('TLS_UNTRUSTED_CA');
    expect(phaseOf(report, 'tls')?.note ?? '').not.toMatch(/verified against/);
  });

  it('a refused connection: the TLS phase was not reached and has no note', async () => {
    const report = await tester.test(iam({ connectViaPort: await refusedPort() }));
    expect(report.error?.code).toBe('CONNECTION_REFUSED');
    expect(phaseOf(report, 'tls')).toMatchObject({ status: 'skipped' });
    expect(phaseOf(report, 'tls')?.note).toBeUndefined();
  });
});

describe('database authentication', () => {
  it('logs in with a password over TLS', async () => {
    const report = await tester.test(db({ sslMode: 'require' }), { password: fixture.dbPassword });
    expectSuccess(report);
    expect(report.server?.currentUser).toBe(fixture.dbUser);
    expect(report.server?.tls).not.toBeNull();
    expect(phaseOf(report, 'sign')?.status).toBe('skipped');
  });

  it('logs in with a password with sslmode disable (no TLS)', async () => {
    const report = await tester.test(db({ sslMode: 'disable', caBundlePath: '' }), { password: fixture.dbPassword });
    expectSuccess(report);
    expect(report.server?.tls).toBeNull();
    expect(phaseOf(report, 'tls')?.status).toBe('skipped');
  });

  it('wrong password → PASSWORD_AUTH_FAILED; unknown database → DATABASE_NOT_FOUND', async () => {
    expect((await tester.test(db(), { password: 'wrong-password' })).error?.code).toBe('PASSWORD_AUTH_FAILED');
    expect((await tester.test(db({ database: 'no_such_db' }), { password: fixture.dbPassword })).error?.code).toBe('DATABASE_NOT_FOUND');
  });

  it('an IAM user logging in with a password is told to use IAM (PAM_AUTH_FAILED)', async () => {
    const report = await tester.test(db({ user: fixture.iamUser }), { password: 'anything-at-all' });
    expect(report.error?.code).toBe('PAM_AUTH_FAILED');
    expect(report.error?.hint).toContain('Set Authentication to IAM');
  });
});

describe('environment cannot steer the connection', () => {
  beforeEach(() => {
    const pgpass = join(dir, 'pgpass');
    writeFileSync(pgpass, `*:*:*:${fixture.dbUser}:${fixture.dbPassword}\n`, { mode: 0o600 });
    const env: Record<string, string> = {
      PGHOST: 'pg-env-host.invalid',
      PGHOSTADDR: '10.255.255.1',
      PGPORT: '1',
      PGUSER: 'postgres',
      PGDATABASE: 'template0',
      PGPASSWORD: 'from-env',
      PGPASSFILE: pgpass,
      PGSSLMODE: 'disable',
      PGSSLNEGOTIATION: 'direct',
      PGSSLROOTCERT: '/nonexistent/root.crt',
      PGOPTIONS: '-c search_path=evil -c statement_timeout=1',
      PGAPPNAME: 'env-app',
      PGREPLICATION: 'database',
      PGCONNECT_TIMEOUT: '1',
      PGCLIENTENCODING: 'LATIN1',
      HOME: dir,
    };
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    writeFileSync(join(dir, '.pgpass'), `*:*:*:*:${fixture.dbPassword}\n`, { mode: 0o600 });
  });
  afterEach(() => vi.unstubAllEnvs());

  it('IAM still connects to the DSN target over TLS as the DSN user', async () => {
    const report = await tester.test(iam());
    expectSuccess(report);
    expect(report.server).toMatchObject({ currentUser: fixture.iamUser, database: fixture.database, connectedTo: `127.0.0.1:${fixture.port}` });
    expect(report.server?.tls).not.toBeNull();
  });

  it('database auth uses only the given password, never PGPASSWORD or a .pgpass file', async () => {
    expectSuccess(await tester.test(db(), { password: fixture.dbPassword }));
    const none = await tester.test(db());
    expect(none.error?.code).toBe('PASSWORD_MISSING');
  });
});
