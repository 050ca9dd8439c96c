/**
 * Issue #3, point 1: a DSN's own assumeRole through the loopback STS emulator, with external ID and
 * with MFA asked of the user (MfaBroker → pushed request → answerMfa handler), against the REAL IAM
 * PostgreSQL fixture; MFA refused, wrong and late; STS unreachable; and GetCallerIdentity.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogger } from '../../electron/main/platform/file-logger';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import { StsCallerIdentity } from '../../electron/main/connection-test/caller-identity';
import type { TokenSigner } from '../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { type AssumeRole, type DsnInput } from '../../shared/dsn';
import type { MfaRequest } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { createAwsSandbox, type AwsSandbox } from '../fixture/sts-emulator-harness';
import { createTestApp } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/dsn-reader`;
const MFA_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/dsn-admin`;
const EXTERNAL_ID = 'role-ext-42';
const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/dsn-user`;
const MFA_CODE = '246810';

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let sandbox: AwsSandbox;
let dir: string;
let logPath: string;
let handlers: ApiHandlers;
let signer: TokenSigner;
/** What the stand-in renderer answers to an MFA request: a code, null (cancel), or nothing. */
let mfaReply: string | null | 'ignore' = 'ignore';
const mfaRequests: MfaRequest[] = [];
const answers: unknown[] = [];

function baseKey(): FixtureAccessKey {
  const k = fixture.keys[0];
  if (k === undefined) throw new Error('fixture has no long-term key');
  return k;
}

beforeAll(async () => {
  fixture = await startIamPostgres();
  sandbox = await createAwsSandbox();
  sts = await startStsEmulator({
    keys: [{ ...baseKey(), userName: 'dsn-user' }],
    accountId: ACCOUNT,
    roles: [
      { arn: ROLE_ARN, externalId: EXTERNAL_ID },
      { arn: MFA_ROLE_ARN, mfaSerial: MFA_SERIAL, mfaCode: MFA_CODE },
    ],
    onIssue: (k) => fixture.addKey(k),
  });
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cred-role-'));
  logPath = join(dir, 'logs', 'main.log');
  const app = createTestApp(dir, {
    logger: new FileLogger(logPath),
    mfaTimeoutMs: 1_500,
    // The renderer's part: the pushed request is shown, and the user's answer comes back over answerMfa.
    showMfaRequest: (request) => {
      mfaRequests.push(request);
      const reply = mfaReply;
      if (reply !== 'ignore') setTimeout(() => void handlers.answerMfa(request.requestId, reply).then((r) => answers.push(r)), 20);
    },
  });
  ({ handlers } = app);
  signer = app.services.signer;
});

afterAll(async () => {
  await sts?.stop();
  await sandbox?.cleanup();
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  signer.clear();
  mfaRequests.length = 0;
  mfaReply = 'ignore';
  // No shared files, no AWS_* env: the typed keys are the only source.
  sandbox.useInProcessEnv(await sandbox.writeAwsFiles(''));
});

const role = (over: Partial<AssumeRole> = {}): AssumeRole => ({ roleArn: ROLE_ARN, sessionName: 'iamdsn-test', externalId: EXTERNAL_ID, durationSeconds: 900, mfaSerial: '', ...over });
const mfaRole = (): AssumeRole => role({ roleArn: MFA_ROLE_ARN, externalId: '', mfaSerial: MFA_SERIAL });

/** Typed long-term keys of the emulator's user, assuming `assumeRole` through the emulator. */
function dsn(assumeRole: AssumeRole, over: Partial<DsnInput> = {}): DsnInput {
  return fixtureIamDsn(fixture, {
    name: 'role test',
    credentialSource: { kind: 'static', accessKeyId: baseKey().accessKeyId },
    secretAccessKey: baseKey().secretAccessKey,
    assumeRole,
    stsEndpoint: sts.url,
    ...over,
  });
}

async function test(input: DsnInput): Promise<ConnectionTestReport> {
  const r: Result<ConnectionTestReport> = await handlers.testConnection({ requestId: randomUUID(), dsn: input });
  answers.push(r);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

async function expectConnectedAsIssued(report: ConnectionTestReport, arn: string): Promise<void> {
  if (report.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(report.error)}`);
  const issued = sts.issued().at(-1);
  expect(issued?.arn).toBe(arn);
  expect(report.server?.currentUser).toBe(fixture.iamUser);
  expect((await fixture.verifierLog()).filter((l) => l.startsWith('accept')).at(-1)).toBe(`accept user=${fixture.iamUser} key=${issued?.accessKeyId}`);
  expect(report.identity).toMatchObject({ credentialsExpireAt: issued?.expiration.toISOString() });
}

describe('assume role with external ID', () => {
  it('typed keys → role (external ID) → token accepted by the fixture', async () => {
    const report = await test(dsn(role()));
    await expectConnectedAsIssued(report, `arn:aws:sts::${ACCOUNT}:assumed-role/dsn-reader/iamdsn-test`);
    expect(report.identity?.source).toBe(`typed keys ${baseKey().accessKeyId.slice(0, 4)}…${baseKey().accessKeyId.slice(-4)} → role ${ROLE_ARN}`);
    // The next test reuses the role credentials (and the token): no second AssumeRole.
    const before = sts.requests().length;
    expect((await test(dsn(role()))).token?.fromCache).toBe(true);
    expect(sts.requests().length).toBe(before);
  });

  it('a wrong or missing external ID → ASSUME_ROLE_DENIED naming role, caller and causes', async () => {
    for (const externalId of ['wrong-ext-id', '']) {
      const report = await test(dsn(role({ externalId })));
      expect(report.error).toMatchObject({
        code: 'ASSUME_ROLE_DENIED',
        message: `AWS refused to let arn:aws:iam::${ACCOUNT}:user/dsn-user assume ${ROLE_ARN}.`,
        hint: expect.stringContaining('trust policy'),
      });
      expect(report.error?.hint).toContain('external ID');
    }
  });

  it('STS unreachable (nothing listens at the endpoint) → STS_UNREACHABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await test(dsn(role(), { stsEndpoint: url }));
    expect(report.error).toMatchObject({ code: 'STS_UNREACHABLE', message: expect.stringContaining(url) });
  });
});

describe('assume role with MFA asked of the user', () => {
  it('the right code → token accepted; the code is asked once, then the role credentials are reused', async () => {
    mfaReply = MFA_CODE;
    const report = await test(dsn(mfaRole()));
    await expectConnectedAsIssued(report, `arn:aws:sts::${ACCOUNT}:assumed-role/dsn-admin/iamdsn-test`);
    expect(mfaRequests).toEqual([{ requestId: expect.any(String), mfaSerial: MFA_SERIAL, purpose: 'DSN "role test"', expiresAt: expect.any(String) }]);
    expect(answers.at(-2)).toEqual({ ok: true, value: { accepted: true } });
    await test(dsn(mfaRole()));
    expect(mfaRequests).toHaveLength(1);
    expect(readFileSync(logPath, 'utf8')).not.toContain(MFA_CODE);
  });

  it('cancelled (null) → MFA_REQUIRED, and STS is not called', async () => {
    mfaReply = null;
    const before = sts.requests().length;
    const report = await test(dsn(mfaRole()));
    expect(report.error).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringContaining('cancelled'), hint: expect.stringContaining(MFA_SERIAL) });
    expect(sts.requests().length).toBe(before);
  });

  it('a wrong code → MFA_FAILED', async () => {
    mfaReply = '000000';
    const report = await test(dsn(mfaRole()));
    expect(report.error).toMatchObject({ code: 'MFA_FAILED', message: 'AWS did not accept the MFA code.' });
    expect(sts.requests().at(-1)).toMatchObject({ action: 'AssumeRole', ok: false, errorCode: 'AccessDenied' });
  });

  it('no answer within the timeout → MFA_REQUIRED; the late answer is refused', async () => {
    mfaReply = 'ignore';
    const report = await test(dsn(mfaRole()));
    expect(report.error).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringContaining('in time') });
    const late = await handlers.answerMfa(mfaRequests[0]?.requestId, MFA_CODE);
    expect(late).toEqual({ ok: true, value: { accepted: false } });
  });

  it('a role profile with mfa_serial (fromIni) asks through the same broker', async () => {
    const config = ['[profile admin]', 'source_profile = base', `role_arn = ${MFA_ROLE_ARN}`, `mfa_serial = ${MFA_SERIAL}`, 'role_session_name = profile-mfa', ''].join('\n');
    const credentials = ['[base]', `aws_access_key_id = ${baseKey().accessKeyId}`, `aws_secret_access_key = ${baseKey().secretAccessKey}`, ''].join('\n');
    sandbox.useInProcessEnv(await sandbox.writeAwsFiles(config, credentials));
    mfaReply = MFA_CODE;
    const input: DsnInput = { ...dsn(mfaRole()), credentialSource: { kind: 'profile', profile: 'admin' }, assumeRole: undefined, secretAccessKey: undefined };
    const report = await test(input);
    await expectConnectedAsIssued(report, `arn:aws:sts::${ACCOUNT}:assumed-role/dsn-admin/profile-mfa`);
    expect(mfaRequests.map((r) => r.mfaSerial)).toEqual([MFA_SERIAL]);
  });

  it('no secret of the typed keys or of the issued credentials reaches an answer or the log', () => {
    const log = readFileSync(logPath, 'utf8');
    const secrets = [baseKey().secretAccessKey, ...sts.issued().flatMap((k) => [k.secretAccessKey, k.sessionToken])];
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(secret);
    }
  });
});

describe('StsCallerIdentity (GetCallerIdentity against the emulator)', () => {
  const lookup = new StsCallerIdentity();

  it('answers the ARN of a user key and of assumed-role credentials', async () => {
    expect(await lookup.lookup(baseKey(), { region: 'us-east-1', endpoint: sts.url, timeoutMs: 5_000 })).toBe(`arn:aws:iam::${ACCOUNT}:user/dsn-user`);
    await test(dsn(role()));
    const issued = sts.issued().at(-1);
    if (issued === undefined) throw new Error('nothing issued');
    expect(await lookup.lookup(issued, { region: 'eu-west-1', endpoint: sts.url, timeoutMs: 5_000 })).toBe(issued.arn);
  });

  it('answers undefined, never throwing, for refused keys, a dead endpoint, a hung endpoint and an abort', async () => {
    expect(await lookup.lookup({ ...baseKey(), secretAccessKey: 'wrong' }, { region: 'us-east-1', endpoint: sts.url, timeoutMs: 5_000 })).toBeUndefined();
    expect(await lookup.lookup(baseKey(), { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', timeoutMs: 5_000 })).toBeUndefined();
    const hung: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
    const started = Date.now();
    expect(await lookup.lookup(baseKey(), { region: 'us-east-1', endpoint: hungUrl, timeoutMs: 300 })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
    const controller = new AbortController();
    const pending = lookup.lookup(baseKey(), { region: 'us-east-1', endpoint: hungUrl, timeoutMs: 10_000, signal: controller.signal });
    controller.abort();
    expect(await pending).toBeUndefined();
    hung.closeAllConnections();
    await new Promise<void>((resolve) => hung.close(() => resolve()));
  });
});
