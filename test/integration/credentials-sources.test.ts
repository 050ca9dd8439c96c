/**
 * Issue #3, point 1: every credential source, end to end, against the REAL IAM PostgreSQL fixture
 * and the loopback STS emulator: handlers → store → signer (the real SDK provider chain) →
 * ConnectionTester → PAM + SigV4 verifier. Env keys, typed keys + session token (stored encrypted),
 * a static profile, a role profile (source_profile + external_id through the emulator), a
 * credential_process profile; each ends authenticated or with a clear code. AWS is never
 * contacted: every SDK endpoint not set explicitly points at a loopback trap that must stay unhit.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogger } from '../../electron/main/platform/file-logger';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import type { TokenSigner } from '../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { type DsnInput } from '../../shared/dsn';
import type { Result } from '../../shared/result';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { createAwsSandbox, type AwsSandbox } from '../fixture/sts-emulator-harness';
import { createTestApp } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/dsn-reader`;
const EXTERNAL_ID = 'sources-ext-7';

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let sandbox: AwsSandbox;
let trap: Server;
let trapUrl: string;
const trapHits: string[] = [];
let dir: string;
let handlers: ApiHandlers;
let signer: TokenSigner;
let storePath: string;
let logPath: string;
const answers: unknown[] = [];

function key(index: 0 | 1): FixtureAccessKey {
  const k = fixture.keys[index];
  if (k === undefined) throw new Error(`fixture has no key ${index}`);
  return k;
}

beforeAll(async () => {
  fixture = await startIamPostgres();
  sandbox = await createAwsSandbox();
  sts = await startStsEmulator({ keys: [{ ...key(0), userName: 'dsn-user' }], accountId: ACCOUNT, roles: [{ arn: ROLE_ARN, externalId: EXTERNAL_ID }], onIssue: (k) => fixture.addKey(k) });
  trap = createServer((req, res) => {
    trapHits.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
    res.writeHead(403, { 'Content-Type': 'text/xml' }).end('<ErrorResponse><Error><Code>AccessDenied</Code><Message>trap</Message></Error></ErrorResponse>');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;

  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cred-sources-'));
  logPath = join(dir, 'logs', 'main.log');
  const app = createTestApp(dir, { logger: new FileLogger(logPath) });
  ({ handlers } = app);
  signer = app.services.signer;
  storePath = (await app.services.store.status()).storePath;
});

afterAll(async () => {
  await sts?.stop();
  await sandbox?.cleanup();
  trap?.closeAllConnections();
  await new Promise<void>((resolve) => (trap ? trap.close(() => resolve()) : resolve()));
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => signer.clear());
afterEach(() => expect(trapHits).toEqual([]));

/** Temp shared files (and nothing else AWS_* in the env but what a test adds); stray SDK calls go to the trap. */
async function useFiles(config: string, credentials = '', extra: Record<string, string> = {}): Promise<void> {
  sandbox.useInProcessEnv(await sandbox.writeAwsFiles(config, credentials), { AWS_ENDPOINT_URL: trapUrl, ...extra });
}

/** An IAM DSN for the fixture: signed for its endpoint, the socket to its loopback port. */
function dsn(over: Partial<DsnInput> = {}): DsnInput {
  return fixtureIamDsn(fixture, {
    name: `src-${randomUUID().slice(0, 8)}`,
    ...over,
  });
}

function value<T>(r: Result<T>): T {
  answers.push(r);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

async function test(input: DsnInput): Promise<ConnectionTestReport> {
  return value(await handlers.testConnection({ requestId: randomUUID(), dsn: input }));
}

/** Authenticated as the IAM user, and the verifier accepted exactly `accessKeyId`. */
async function expectConnected(report: ConnectionTestReport, accessKeyId: string): Promise<void> {
  if (report.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(report.error)}`);
  expect(report.server?.currentUser).toBe(fixture.iamUser);
  expect((await fixture.verifierLog()).filter((l) => l.startsWith('accept')).at(-1)).toBe(`accept user=${fixture.iamUser} key=${accessKeyId}`);
}

const staticProfile = (name: string, k: FixtureAccessKey): string =>
  [`[${name}]`, `aws_access_key_id = ${k.accessKeyId}`, `aws_secret_access_key = ${k.secretAccessKey}`, ...(k.sessionToken ? [`aws_session_token = ${k.sessionToken}`] : []), ''].join('\n');

describe('credential sources, each ending authenticated at the IAM fixture', () => {
  it('env keys: the default chain with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN', async () => {
    const k = key(1);
    await useFiles('', '', { AWS_ACCESS_KEY_ID: k.accessKeyId, AWS_SECRET_ACCESS_KEY: k.secretAccessKey, AWS_SESSION_TOKEN: k.sessionToken ?? '' });
    const report = await test(dsn());
    await expectConnected(report, k.accessKeyId);
    expect(report.identity).toMatchObject({ source: 'the default AWS credential chain', accessKeyIdMasked: `${k.accessKeyId.slice(0, 4)}…${k.accessKeyId.slice(-4)}` });
  });

  it('no credentials anywhere → CREDENTIALS_MISSING saying how to provide them', async () => {
    await useFiles('');
    const report = await test(dsn());
    expect(report.error).toMatchObject({ code: 'CREDENTIALS_MISSING', hint: expect.stringContaining('AWS_ACCESS_KEY_ID') });
  });

  it('typed keys + session token: saved encrypted, used from the store, never in the file, the log or an answer', async () => {
    await useFiles('');
    const k = key(1);
    const saved = value(await handlers.saveDsn({ ...dsn({ credentialSource: { kind: 'static', accessKeyId: k.accessKeyId } }), secretAccessKey: k.secretAccessKey, sessionToken: k.sessionToken }));
    expect(saved).toMatchObject({ hasSecretAccessKey: true, hasSessionToken: true });
    const { hasPassword: _h, passwordSessionOnly: _p, hasSecretAccessKey: _s, hasSessionToken: _t, hasSshPassword: _sp, updatedAt: _u, ...input } = saved;
    const report = await test(input);
    await expectConnected(report, k.accessKeyId);
    expect(report.identity?.source).toBe(`typed keys ${k.accessKeyId.slice(0, 4)}…${k.accessKeyId.slice(-4)}`);
    value(await handlers.listDsns());
    const stored = readFileSync(storePath, 'utf8');
    expect(stored).toContain('secretAccessKeyEncrypted');
    for (const secret of [k.secretAccessKey, k.sessionToken ?? 'missing']) {
      expect(stored).not.toContain(secret);
      expect(readFileSync(logPath, 'utf8')).not.toContain(secret);
      for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(secret);
    }
  });

  it('a static profile of a temp AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE', async () => {
    await useFiles('[profile base]\nregion = us-east-1\n', staticProfile('base', key(0)));
    const report = await test(dsn({ credentialSource: { kind: 'profile', profile: 'base' } }));
    await expectConnected(report, key(0).accessKeyId);
    expect(report.identity?.source).toBe('AWS profile "base"');
  });

  it('a role profile (source_profile + external_id) assumed through the emulator set as the STS endpoint', async () => {
    const config = ['[profile base]', 'region = us-east-1', '', '[profile app]', 'source_profile = base', `role_arn = ${ROLE_ARN}`, `external_id = ${EXTERNAL_ID}`, 'role_session_name = app-session', ''].join('\n');
    await useFiles(config, staticProfile('base', key(0)));
    const before = sts.requests().length;
    const report = await test(dsn({ credentialSource: { kind: 'profile', profile: 'app' }, stsEndpoint: sts.url }));
    const issued = sts.issued().at(-1);
    if (issued === undefined) throw new Error('the emulator issued nothing');
    await expectConnected(report, issued.accessKeyId);
    expect(sts.requests().slice(before)).toEqual([{ action: 'AssumeRole', accessKeyId: key(0).accessKeyId, region: fixture.region, ok: true, status: 200 }]);
    expect(issued.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/dsn-reader/app-session`);
    expect(report.identity?.credentialsExpireAt).toBe(issued.expiration.toISOString());

    // A wrong external_id in the profile: the role is refused, with the role named.
    await useFiles(config.replace(EXTERNAL_ID, 'not-the-one'), staticProfile('base', key(0)));
    signer.clear();
    const denied = await test(dsn({ credentialSource: { kind: 'profile', profile: 'app' }, stsEndpoint: sts.url }));
    expect(denied.error).toMatchObject({ code: 'ASSUME_ROLE_DENIED', message: expect.stringContaining(ROLE_ARN), hint: expect.stringContaining('external_id') });
  });

  it('the trap catches what is not pointed at the emulator (proof the guard works): a role profile without STS endpoint', async () => {
    const config = ['[profile app]', 'source_profile = base', `role_arn = ${ROLE_ARN}`, ''].join('\n');
    await useFiles(config, staticProfile('base', key(0)));
    const report = await test(dsn({ credentialSource: { kind: 'profile', profile: 'app' } }));
    expect(report.outcome).toBe('failure');
    expect(trapHits.splice(0)).toEqual(['POST /']);
  });

  it('a credential_process profile (a script printing a fixture key) — and one that fails', async () => {
    const k = key(1);
    const json = join(dir, 'creds.json');
    writeFileSync(json, JSON.stringify({ Version: 1, AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey, SessionToken: k.sessionToken, Expiration: new Date(Date.now() + 3_600_000).toISOString() }), { mode: 0o600 });
    const script = join(dir, 'print-creds.sh');
    writeFileSync(script, `#!/bin/sh\ncat '${json}'\n`);
    chmodSync(script, 0o700);
    const failing = join(dir, 'fail-creds.sh');
    writeFileSync(failing, `#!/bin/sh\necho "token service said no (${k.secretAccessKey})" >&2\nexit 3\n`);
    chmodSync(failing, 0o700);
    await useFiles(`[profile proc]\ncredential_process = ${script}\n\n[profile broken]\ncredential_process = ${failing}\n`);

    const report = await test(dsn({ credentialSource: { kind: 'profile', profile: 'proc' } }));
    await expectConnected(report, k.accessKeyId);
    expect(report.identity?.credentialsExpireAt).toBeDefined();

    const broken = await test(dsn({ credentialSource: { kind: 'profile', profile: 'broken' } }));
    expect(broken.error).toMatchObject({ code: 'CREDENTIAL_PROCESS_FAILED', hint: expect.stringContaining('credential_process') });
    expect(JSON.stringify(broken)).not.toContain(k.secretAccessKey);
  });

  it('an unknown profile → PROFILE_NOT_FOUND', async () => {
    await useFiles('[profile base]\nregion = us-east-1\n', staticProfile('base', key(0)));
    const report = await test(dsn({ credentialSource: { kind: 'profile', profile: 'nope' } }));
    expect(report.error).toMatchObject({ code: 'PROFILE_NOT_FOUND', message: expect.stringContaining('"nope"') });
  });
});
