/**
 * Token lifecycle against the real IAM fixture: a cached token the server refuses is replaced by
 * exactly one fresh token (never a loop), concurrent tests of one DSN share one connection, and the
 * caller ARN comes from STS GetCallerIdentity (the loopback STS emulator) without holding the report.
 * Attempts are counted two ways: the verifier's lines (one per PAM check) and the server's
 * `connection received` log lines (log_connections = on: one per TCP connection).
 */
import { StsCallerIdentity } from '../../electron/main/connection-test/caller-identity';
import { ConnectionTester } from '../../electron/main/connection-test/tester';
import type { TokenSigner} from '../../electron/main/iam-token/signer';
import { type TokenSignerPort } from '../../electron/main/iam-token/signer';
import { systemClock } from '../../electron/main/platform/clock';
import type { ConnectionTestReport } from '../../shared/connection-test';
import type { Dsn } from '../../shared/dsn';
import { err } from '../../shared/result';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { type StsEmulator, startStsEmulator } from '../fixture/sts-emulator';
import { fixtureIamDsn } from '../fixture/fixture-dsn';
import { testServices } from '../support/app';

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let signer: TokenSigner;
let tester: ConnectionTester;

beforeAll(async () => {
  fixture = await startIamPostgres();
  sts = await startStsEmulator({ keys: fixture.keys.map((k) => ({ ...k, userName: 'db-tester' })) });
  ({ signer, tester } = testServices({ credentialProviderFactory: () => async () => fixture.keys[0] ?? { accessKeyId: '', secretAccessKey: '' }, callerIdentity: new StsCallerIdentity() }));
});
afterAll(async () => {
  await sts?.stop();
  await fixture?.stop();
});
beforeEach(async () => {
  signer.clear();
  await fixture.rejectNext(0);
});

function iam(over: Partial<Dsn> = {}): Dsn {
  return fixtureIamDsn(fixture, { stsEndpoint: sts.url, ...over });
}

function countConnections(log: string): number {
  return log.split('\n').filter((l) => l.includes('connection received:')).length;
}

/** Runs `work`; returns the verifier lines (reason only) and TCP connections it caused. */
async function observe<T>(work: () => Promise<T>): Promise<{ value: T; verifier: string[]; connections: number }> {
  const before = (await fixture.verifierLog()).length;
  const connectionsBefore = countConnections(await fixture.serverLog());
  const value = await work();
  const lines = (await fixture.verifierLog()).slice(before).map((l) => (l.startsWith('accept') ? 'accept' : (/reason=(\S+)/.exec(l)?.[1] ?? l)));
  return { value, verifier: lines, connections: countConnections(await fixture.serverLog()) - connectionsBefore };
}

function expectSuccess(report: ConnectionTestReport): void {
  if (report.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(report.error)}`);
}

describe('retry once with a fresh token', () => {
  it('a refused cached token is replaced once: success, retriedWithFreshToken, exactly 2 attempts', async () => {
    const first = await tester.test(iam());
    expectSuccess(first);
    expect(first.token?.fromCache).toBe(false);
    await fixture.rejectNext(1);

    const { value: report, verifier, connections } = await observe(() => tester.test(iam()));
    expectSuccess(report);
    expect(report.retriedWithFreshToken).toBe(true);
    expect(report.token?.fromCache).toBe(false);
    expect(verifier).toEqual(['forced-reject', 'accept']);
    expect(connections).toBe(2);
    const auth = report.phases.find((p) => p.name === 'auth');
    expect(auth?.note).toBe('the cached token was refused (PAM_AUTH_FAILED); retried once with a fresh token; the fresh token was accepted');
    expect(report.phases.find((p) => p.name === 'sign')?.note).toMatch(/^token reused from cache \(until .+\); the server refused it, so a fresh token was signed for /);
  });

  it('a fresh token refused too → failure after exactly one retry (no loop)', async () => {
    expectSuccess(await tester.test(iam()));
    await fixture.rejectNext(2);

    const { value: report, verifier, connections } = await observe(() => tester.test(iam()));
    expect(report.error?.code).toBe('PAM_AUTH_FAILED');
    expect(report.retriedWithFreshToken).toBe(true);
    expect(verifier).toEqual(['forced-reject', 'forced-reject']);
    expect(connections).toBe(2);
    expect(report.phases.find((p) => p.name === 'auth')?.note).toBe('the cached token was refused (PAM_AUTH_FAILED); retried once with a fresh token; the fresh token was refused too');

    // The refused fresh token is not reused either: the next test signs anew and succeeds at once.
    const { value: next, verifier: nextLines } = await observe(() => tester.test(iam()));
    expectSuccess(next);
    expect([next.token?.fromCache, next.retriedWithFreshToken, nextLines]).toEqual([false, false, ['accept']]);
  });

  it('a refused cached token whose fresh signing fails → the signing error, no second connection', async () => {
    const flaky: TokenSignerPort = {
      sign: (target, options) => (options?.fresh ? Promise.resolve(err('CREDENTIALS_EXPIRED', 'The AWS credentials have expired.')) : signer.sign(target, options)),
      invalidate: (key) => signer.invalidate(key),
    };
    const t = new ConnectionTester({ signer: flaky, clock: systemClock });
    expectSuccess(await t.test(iam()));
    await fixture.rejectNext(1);
    const { value: report, verifier, connections } = await observe(() => t.test(iam()));
    expect(report.error?.code).toBe('CREDENTIALS_EXPIRED');
    expect(report.retriedWithFreshToken).toBe(false);
    expect(report.phases.find((p) => p.name === 'sign')).toMatchObject({ status: 'failed', note: expect.stringContaining('signing a fresh token failed') });
    expect(report.phases.find((p) => p.name === 'auth')?.note).toBe('the cached token was refused (PAM_AUTH_FAILED); no fresh token could be signed');
    expect([verifier, connections]).toEqual([['forced-reject'], 1]);
  });

  it('a refused token that was freshly signed is not retried', async () => {
    await fixture.rejectNext(1);
    const { value: report, verifier, connections } = await observe(() => tester.test(iam()));
    expect(report.error?.code).toBe('PAM_AUTH_FAILED');
    expect(report.retriedWithFreshToken).toBe(false);
    expect([verifier, connections]).toEqual([['forced-reject'], 1]);
  });
});

describe('one attempt for concurrent tests of one DSN', () => {
  it('20 concurrent tests → ONE connection and ONE token check; all get the same report', async () => {
    const stsBefore = sts.requests().length;
    const started = performance.now();
    const { value: reports, verifier, connections } = await observe(() => Promise.all(Array.from({ length: 20 }, () => tester.test(iam()))));
    const ms = performance.now() - started;
    expect(verifier).toEqual(['accept']);
    expect(connections).toBe(1);
    for (const r of reports) expect(r).toBe(reports[0]);
    expectSuccess(reports[0] as ConnectionTestReport);
    expect(sts.requests().slice(stsBefore).filter((r) => r.action === 'GetCallerIdentity')).toHaveLength(1);
    expect(ms).toBeLessThan(3000);
    expect(tester.runningAttempts).toBe(0);

    // After it settled, the next test is a new attempt.
    const { verifier: again, connections: againConnections } = await observe(() => tester.test(iam()));
    expect([again, againConnections]).toEqual([['accept'], 1]);
  });

  it('different DSN content or a different password is a different attempt', async () => {
    const db = iam({ authType: 'database', user: fixture.dbUser });
    const { value, connections } = await observe(() =>
      Promise.all([tester.test(db, { password: fixture.dbPassword }), tester.test(db, { password: 'wrong-password' }), tester.test({ ...db, name: 'renamed' }, { password: fixture.dbPassword })]),
    );
    expect(value.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'PASSWORD_AUTH_FAILED', 'ok']);
    expect(value[2]).toBe(value[0]); // the display name does not change the attempt
    expect(connections).toBe(2);
  });

  it('one waiter cancelling does not cancel the others; the attempt still counts once', async () => {
    const controller = new AbortController();
    const { value, connections, verifier } = await observe(async () => {
      const cancelled = tester.test(iam(), { signal: controller.signal });
      const others = [tester.test(iam()), tester.test(iam(), { signal: new AbortController().signal })];
      controller.abort();
      return Promise.all([cancelled, ...others]);
    });
    expect(value.map((r) => r.error?.code ?? r.outcome)).toEqual(['CANCELLED', 'success', 'success']);
    expect([connections, verifier]).toEqual([1, ['accept']]);
  });
});

describe('who signed', () => {
  it('reports the credential source, the masked key and the caller ARN from STS', async () => {
    const report = await tester.test(iam());
    expectSuccess(report);
    const key = fixture.keys[0]?.accessKeyId ?? '';
    expect(report.identity).toMatchObject({ accessKeyIdMasked: `${key.slice(0, 4)}…${key.slice(-4)}`, callerArn: 'arn:aws:iam::123456789012:user/db-tester' });
    expect(JSON.stringify(report)).not.toContain(fixture.keys[0]?.secretAccessKey ?? '!');
  });

  it('an STS endpoint that never answers delays the report by at most the lookup deadline', async () => {
    const slow = new ConnectionTester({ signer, clock: systemClock, callerIdentity: new StsCallerIdentity(), callerIdentityTimeoutMs: 300 });
    const { stalledServer } = await import('../fixture/net-fixtures');
    const silent = await stalledServer();
    try {
      const started = performance.now();
      const report = await slow.test(iam({ stsEndpoint: `http://127.0.0.1:${silent.port}` }));
      const ms = performance.now() - started;
      expectSuccess(report);
      expect(report.identity?.callerArn).toBeUndefined();
      expect(ms).toBeLessThan(1500);
    } finally {
      await silent.close();
    }
  });
});
