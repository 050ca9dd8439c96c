/**
 * Issue #3, point 1: SSO profiles whose cached token (~/.aws/sso/cache/<sha1>.json in a temp HOME)
 * has expired → SSO_LOGIN_REQUIRED with the exact command to copy, through handlers → signer →
 * ConnectionTester; the same profiles listed as `sso`. No request leaves the machine: every SDK
 * endpoint points at a loopback trap that must stay unhit, and no socket reaches the fixture.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import type { TokenSigner } from '../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { defaultDsn, type DsnInput } from '../../shared/dsn';
import { createAwsSandbox, type AwsSandbox } from '../fixture/sts-emulator-harness';
import { createTestApp } from '../support/app';

const START_URL = 'https://corp-sso.awsapps.com/start';
const SESSION = 'corp';
const ACCESS_TOKEN = 'aoaCANARYssoAccessToken0123456789abcdefghijklmnopqrstuvwxyz';

let sandbox: AwsSandbox;
let trap: Server;
let trapUrl: string;
const trapHits: string[] = [];
let dir: string;
let handlers: ApiHandlers;
let signer: TokenSigner;

beforeAll(async () => {
  sandbox = await createAwsSandbox();
  trap = createServer((req, res) => {
    trapHits.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
    res.writeHead(403).end();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cred-sso-'));
  const app = createTestApp(dir);
  ({ handlers } = app);
  signer = app.services.signer;
});

afterAll(async () => {
  await sandbox?.cleanup(); // restores process.env, HOME included
  trap?.closeAllConnections();
  await new Promise<void>((resolve) => (trap ? trap.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => expect(trapHits).toEqual([]));

const CONFIG = [
  '[profile sso-legacy]',
  `sso_start_url = ${START_URL}`,
  'sso_region = us-east-1',
  'sso_account_id = 123456789012',
  'sso_role_name = DbReader',
  'region = us-east-1',
  '',
  '[profile sso-new]',
  `sso_session = ${SESSION}`,
  'sso_account_id = 123456789012',
  'sso_role_name = DbReader',
  '',
  `[sso-session ${SESSION}]`,
  `sso_start_url = ${START_URL}`,
  'sso_region = us-east-1',
  'sso_registration_scopes = sso:account:access',
  '',
].join('\n');

/** A temp HOME whose SSO cache holds a token for `cacheId` (start URL or session name) that expired an hour ago. */
async function homeWithExpiredToken(cacheId: string): Promise<void> {
  const files = await sandbox.writeAwsFiles(CONFIG);
  const cache = join(files.homeDir, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  const name = createHash('sha1').update(cacheId).digest('hex');
  const expiresAt = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  writeFileSync(join(cache, `${name}.json`), JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: ACCESS_TOKEN, expiresAt }), { mode: 0o600 });
  sandbox.useInProcessEnv(files, { AWS_ENDPOINT_URL: trapUrl });
  process.env.HOME = files.homeDir;
}

function dsn(profile: string): DsnInput {
  return {
    ...defaultDsn(),
    name: 'sso',
    server: 'db.cluster-abc.us-east-1.rds.amazonaws.com',
    user: 'iam_user',
    region: 'us-east-1',
    // A closed loopback port: the test must stop at the sign phase and never open a socket.
    connectViaHost: '127.0.0.1',
    connectViaPort: 9,
    credentialSource: { kind: 'profile', profile },
  };
}

async function test(input: DsnInput): Promise<ConnectionTestReport> {
  const r = await handlers.testConnection({ requestId: randomUUID(), dsn: input });
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe.each([
  ['legacy (sso_start_url in the profile)', 'sso-legacy', START_URL],
  ['sso-session', 'sso-new', SESSION],
])('an SSO profile, %s, with an expired cached token', (_label, profile, cacheId) => {
  beforeEach(() => signer.clear());

  it('→ SSO_LOGIN_REQUIRED whose hint holds `aws sso login --profile NAME`, at the sign phase', async () => {
    await homeWithExpiredToken(cacheId);
    const report = await test(dsn(profile));
    expect(report.outcome).toBe('failure');
    expect(report.error).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', message: expect.stringContaining(`"${profile}"`) });
    expect(report.error?.hint).toContain(`aws sso login --profile ${profile}`);
    expect(report.phases.map((p) => [p.name, p.status])).toEqual([
      ['sign', 'failed'],
      ['tcp', 'skipped'],
      ['tls', 'skipped'],
      ['auth', 'skipped'],
      ['query', 'skipped'],
    ]);
    expect(JSON.stringify(report)).not.toContain(ACCESS_TOKEN);
    // The cached token was found and judged expired (a missing one words its detail differently).
    expect(report.error?.detail).toMatch(profile === 'sso-legacy' ? /has expired/ : /Value not present for 'clientId' in SSO Token/);
  });

  it('is listed as an sso profile', async () => {
    await homeWithExpiredToken(cacheId);
    const listed = await handlers.listProfiles();
    expect(listed.ok ? listed.value.find((p) => p.name === profile) : listed.error).toMatchObject({ kind: 'sso', needsMfa: false, sources: ['config'] });
  });
});

it('without any cached token (never logged in) → SSO_LOGIN_REQUIRED as well', async () => {
  sandbox.useInProcessEnv(await sandbox.writeAwsFiles(CONFIG), { AWS_ENDPOINT_URL: trapUrl });
  process.env.HOME = join(dir, 'empty-home');
  signer.clear();
  for (const profile of ['sso-legacy', 'sso-new']) {
    const report = await test(dsn(profile));
    expect(report.error).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', hint: expect.stringContaining(`aws sso login --profile ${profile}`) });
  }
});
