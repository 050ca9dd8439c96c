/**
 * IAM failure classes through the real PostgreSQL fixture (PAM + SigV4 verifier over TLS), each with
 * its code, its hint and the verifier's own reason: no rds_iam, wrong region, wrong port signed,
 * an expired token (a signer whose clock is 20 minutes behind), a missing database, and credentials
 * that are missing or expired (no connection at all). The fixture's endpoint name is RDS-shaped so
 * the region can be read from it; the socket always goes to 127.0.0.1 (connect via).
 */
import { randomBytes } from 'node:crypto';
import { ConnectionTester } from '../../electron/main/connection-test/tester';
import type { TokenSigner} from '../../electron/main/iam-token/signer';
import { type SignedToken, type SignTarget, type TokenSignerPort } from '../../electron/main/iam-token/signer';
import { systemClock } from '../../electron/main/platform/clock';
import type { Clock } from '../../electron/main/platform/clock';
import type { ConnectionTestReport } from '../../shared/connection-test';
import type { Dsn } from '../../shared/dsn';
import { ok, type Result } from '../../shared/result';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { presignToken } from '../fixture/fixture-tokens';
import { fixtureIamDsn } from '../fixture/fixture-dsn';
import { testServices } from '../support/app';

let fixture: IamPostgresInternals;
let signer: TokenSigner;
let tester: ConnectionTester;

/** Signs with the fixture's key, dated by its own clock (SigV4 exactly as the SDK does it). */
class ClockedSigner implements TokenSignerPort {
  constructor(private readonly clock: Clock) {}
  async sign(target: SignTarget): Promise<Result<SignedToken>> {
    const key = fixture.keys[0];
    if (key === undefined) throw new Error('no fixture key');
    const signedAt = this.clock.now();
    const token = presignToken({ hostname: target.server, port: target.port, region: target.region, username: target.user, key }, { date: new Date(signedAt) });
    return ok({
      token,
      cacheKey: 'clocked',
      expiresAt: signedAt + 900_000,
      credentials: key,
      identity: { source: 'fixture key', accessKeyIdMasked: `${key.accessKeyId.slice(0, 4)}…${key.accessKeyId.slice(-4)}` },
      facts: { signedFor: `${target.server}:${target.port}`, region: target.region, reuseUntil: new Date(signedAt + 900_000).toISOString(), fromCache: false },
    });
  }
  invalidate(): void {}
}

beforeAll(async () => {
  fixture = await startIamPostgres({ endpointHost: `iam-fixture.cluster-${randomBytes(4).toString('hex')}.us-east-1.rds.amazonaws.com` });
  ({ signer, tester } = testServices({ credentialProviderFactory: () => async () => fixture.keys[0] ?? { accessKeyId: '', secretAccessKey: '' } }));
});
afterAll(async () => fixture?.stop());
beforeEach(() => signer.clear());

function iam(over: Partial<Dsn> = {}): Dsn {
  return fixtureIamDsn(fixture, { ...over });
}

/** Runs `work` and returns the verifier lines and server connections it caused. */
async function observe<T>(work: () => Promise<T>): Promise<{ value: T; verifier: string[]; connections: number }> {
  const before = (await fixture.verifierLog()).length;
  const connectionsBefore = countConnections(await fixture.serverLog());
  const value = await work();
  const after = await fixture.verifierLog();
  return { value, verifier: after.slice(before), connections: countConnections(await fixture.serverLog()) - connectionsBefore };
}

function countConnections(log: string): number {
  return log.split('\n').filter((l) => l.includes('connection received:')).length;
}

function failedPhase(report: ConnectionTestReport): string | undefined {
  return report.phases.find((p) => p.status === 'failed')?.name;
}

it('success reports rds_iam membership, the token expiry and who signed', async () => {
  const started = Date.now();
  const report = await tester.test(iam());
  expect(report.outcome).toBe('success');
  expect(report.server?.rdsIamMember).toBe(true);
  expect(report.phases.find((p) => p.name === 'query')?.note).toContain(`${fixture.iamUser} is a member of rds_iam`);
  const expiresAt = Date.parse(report.token?.expiresAt ?? '');
  expect(expiresAt).toBeGreaterThanOrEqual(started + 900_000 - 1000);
  expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
  expect(report.identity?.accessKeyIdMasked).toBe(`${fixture.keys[0]?.accessKeyId.slice(0, 4)}…${fixture.keys[0]?.accessKeyId.slice(-4)}`);
  expect(report.retriedWithFreshToken).toBe(false);

  const db = await tester.test(iam({ authType: 'database', user: fixture.dbUser }), { password: fixture.dbPassword });
  expect(db.server?.rdsIamMember).toBe(false);
});

it('a user without rds_iam → PASSWORD_AUTH_FAILED explaining rds_iam (the token was checked as a password)', async () => {
  const { value: report, verifier } = await observe(() => tester.test(iam({ user: fixture.noIamUser })));
  expect(report.error?.code).toBe('PASSWORD_AUTH_FAILED');
  expect(report.error?.message).toBe(`The server refused the IAM token for user ${fixture.noIamUser}: it checked it as a plain password.`);
  expect(report.error?.cause).toContain('not a member of rds_iam');
  expect(report.error?.action).toEqual({ kind: 'copy', text: `GRANT rds_iam TO ${fixture.noIamUser};`, label: `Copy GRANT rds_iam TO ${fixture.noIamUser};` });
  expect(report.error?.detail).toBe(`password authentication failed for user "${fixture.noIamUser}"`);
  expect(failedPhase(report)).toBe('auth');
  expect(verifier).toEqual([]); // PAM was never asked: scram compared the token with a password
});

it('a wrong region → PAM_AUTH_FAILED; the cause names both regions once, the one action sets Region', async () => {
  const { value: report, verifier } = await observe(() => tester.test(iam({ region: 'eu-west-1' })));
  expect(report.error?.code).toBe('PAM_AUTH_FAILED');
  expect(report.error?.message).toBe(`The server refused the IAM token for user ${fixture.iamUser} (PAM authentication failed).`);
  expect(report.error?.cause).toBe('The token is signed for region eu-west-1, the endpoint is in us-east-1.');
  expect(report.error?.action).toEqual({ kind: 'set-field', field: 'region', value: 'us-east-1', label: 'Set Region to us-east-1' });
  expect(report.error?.hint).not.toContain('set Region');
  expect(report.error?.hint).toContain('rds-db:connect on arn:aws:rds-db:eu-west-1:');
  expect(report.error?.detail).toBe(`PAM authentication failed for user "${fixture.iamUser}"`);
  expect(verifier).toEqual([expect.stringMatching(/^reject user=iam_user reason=wrong-region .*region=eu-west-1$/)]);
});

it('a wrong port signed → PAM_AUTH_FAILED; the checks show the signed port and the connect-via target', async () => {
  const port = fixture.endpointPort + 1;
  const { value: report, verifier } = await observe(() => tester.test(iam({ port })));
  expect(report.error?.code).toBe('PAM_AUTH_FAILED');
  expect(report.error?.hint).toContain(`? The token is signed for port ${port}; you connect via 127.0.0.1:${fixture.port}.`);
  // What was checked and holds is not suggested.
  expect(report.error?.hint).not.toContain(`✔ The server's certificate is issued for ${fixture.endpointHost}`);
  expect(report.error?.hint).toContain(`The token is signed for ${fixture.endpointHost}:${port}`);
  expect(verifier).toEqual([expect.stringMatching(new RegExp(`^reject user=iam_user reason=wrong-port port=${port}$`))]);
});

it('an expired token (the signer clock 20 minutes behind) → PAM_AUTH_FAILED: "the token expired 5 min ago"', async () => {
  const behind: Clock = { now: () => Date.now() - 20 * 60_000 };
  const skewed = new ConnectionTester({ signer: new ClockedSigner(behind), clock: systemClock });
  const { value: report, verifier } = await observe(() => skewed.test(iam()));
  expect(report.error?.code).toBe('PAM_AUTH_FAILED');
  expect(report.error?.message).toBe(`The server refused the IAM token for user ${fixture.iamUser} (PAM authentication failed).`);
  expect(report.error?.cause).toMatch(/^The token expired 5 min( \d s)? ago\.$/);
  expect(report.error?.hint).toMatch(/^Checked on this computer:\n\? /);
  expect(report.error?.hint).toMatch(/This computer's clock says \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\)/);
  expect(verifier).toEqual([expect.stringMatching(/^reject user=iam_user reason=expired /)]);
});

it('a database that does not exist → DATABASE_NOT_FOUND naming it (the token itself was accepted)', async () => {
  const { value: report, verifier } = await observe(() => tester.test(iam({ database: 'no_such_db' })));
  expect(report.error).toMatchObject({
    code: 'DATABASE_NOT_FOUND',
    message: 'The database no_such_db does not exist on this server.',
    hint: expect.stringContaining('Check the Database field'),
    detail: 'database "no_such_db" does not exist',
  });
  expect(failedPhase(report)).toBe('auth');
  expect(verifier).toEqual([expect.stringMatching(/^accept user=iam_user /)]);
});

describe('credentials', () => {
  it('no credentials → CREDENTIALS_MISSING at the sign phase, no connection', async () => {
    const none = testServices({
      credentialProviderFactory: () => async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
      },
    });
    const { value: report, connections } = await observe(() => none.tester.test(iam()));
    expect(report.error?.code).toBe('CREDENTIALS_MISSING');
    expect(report.error?.hint).toBeTruthy();
    expect(failedPhase(report)).toBe('sign');
    expect(connections).toBe(0);
  });

  it('expired credentials → CREDENTIALS_EXPIRED at the sign phase, no connection', async () => {
    const key = fixture.keys[1];
    if (key === undefined) throw new Error('no temporary key');
    const stale = testServices({ credentialProviderFactory: () => async () => ({ ...key, expiration: new Date(Date.now() - 60_000) }) });
    const { value: report, connections } = await observe(() => stale.tester.test(iam()));
    expect(report.error?.code).toBe('CREDENTIALS_EXPIRED');
    expect(report.error?.hint).toBeTruthy();
    expect(failedPhase(report)).toBe('sign');
    expect(connections).toBe(0);
  });
});
