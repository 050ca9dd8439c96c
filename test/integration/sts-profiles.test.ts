/**
 * Shared-config profiles (role_arn + source_profile + external_id, mfa_serial) against the STS emulator:
 * which endpoint setting reaches the role assumption for SDK v3 fromIni and for the aws CLI, and MFA
 * with fromTemporaryCredentials / fromIni. Mechanisms that do NOT work are shown too: their STS call
 * is caught by the sandbox trap on loopback (never reaching AWS) and recorded.
 */
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Signer } from '@aws-sdk/rds-signer';

import { fixtureRequest, signerToken } from '../fixture/fixture-tokens';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { cliIdentity, createAwsSandbox, loginWithToken, runAws, type AwsFiles, type AwsSandbox } from '../fixture/sts-emulator-harness';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/dsn-reader`;
const MFA_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/dsn-admin`;
const EXTERNAL_ID = 'profile-ext-42';
const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/dsn-user`;
const MFA_CODE = '246810';
/** The app profile's region: a mechanism that is ignored shows up as an attempt on sts.<this>.amazonaws.com. */
const APP_REGION = 'eu-central-1';

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let sandbox: AwsSandbox;

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
    onIssue: (key) => fixture.addKey(key),
  });
});

afterAll(async () => {
  await sts?.stop();
  await sandbox?.cleanup();
  await fixture?.stop();
});

function baseKey(): FixtureAccessKey {
  const key = fixture.keys[0];
  if (!key) throw new Error('fixture has no long-term key');
  return key;
}

interface ProfileOptions {
  /** Extra lines for [profile app]. */
  app?: string[];
  role?: 'plain' | 'mfa';
  /** Text appended after the profiles (e.g. a [services …] section). */
  tail?: string;
}

/** `[profile base]` with static keys in the credentials file, `[profile app]` assuming a role from it. */
function writeProfiles(options: ProfileOptions = {}): Promise<AwsFiles> {
  const role = options.role === 'mfa' ? [`role_arn = ${MFA_ROLE_ARN}`, `mfa_serial = ${MFA_SERIAL}`] : [`role_arn = ${ROLE_ARN}`, `external_id = ${EXTERNAL_ID}`];
  const config = ['[profile base]', 'region = us-east-1', '', '[profile app]', `region = ${APP_REGION}`, 'source_profile = base', ...role, 'role_session_name = app-session', ...(options.app ?? []), ''];
  const credentials = ['[base]', `aws_access_key_id = ${baseKey().accessKeyId}`, `aws_secret_access_key = ${baseKey().secretAccessKey}`, ''];
  return sandbox.writeAwsFiles(config.join('\n') + (options.tail ?? ''), credentials.join('\n'));
}

const APP_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/dsn-reader/app-session`;

/** New attempts to reach a real AWS endpoint, and new emulator requests, while `action` runs. */
async function observe<T>(action: () => Promise<T>): Promise<{ result: T | Error; attempts: string[]; stsRequests: number }> {
  const attemptsBefore = sandbox.awsAttempts().length;
  const requestsBefore = sts.requests().length;
  const result = await action().catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  return { result, attempts: sandbox.awsAttempts().slice(attemptsBefore), stsRequests: sts.requests().length - requestsBefore };
}

const guard = (): { requestHandler: { httpsAgent: AwsSandbox['httpsAgent'] } } => ({ requestHandler: { httpsAgent: sandbox.httpsAgent } });

describe('SDK v3 fromIni: pointing the role assumption at the emulator', () => {
  it('works with fromIni({ profile, clientConfig: { endpoint } }); rds-signer tokens from it are accepted', async () => {
    sandbox.useInProcessEnv(await writeProfiles());
    const credentials = fromIni({ profile: 'app', clientConfig: { endpoint: sts.url, ...guard() } });
    const signer = new Signer({ hostname: fixture.endpointHost, port: fixture.endpointPort, region: fixture.region, username: fixture.iamUser, credentials });
    const { result, attempts } = await observe(() => signer.getAuthToken());
    expect(attempts).toEqual([]);
    if (result instanceof Error) throw result;
    expect(sts.requests().at(-1)).toMatchObject({ action: 'AssumeRole', accessKeyId: baseKey().accessKeyId, region: APP_REGION, ok: true });
    const issued = sts.issued().at(-1);
    expect(issued?.arn).toBe(APP_ARN);
    expect(await loginWithToken(fixture, result)).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${issued?.accessKeyId}`] });
  });

  it('works with the env AWS_ENDPOINT_URL_STS', async () => {
    sandbox.useInProcessEnv(await writeProfiles(), { AWS_ENDPOINT_URL_STS: sts.url });
    const { result, attempts, stsRequests } = await observe(() => fromIni({ profile: 'app', clientConfig: guard() })());
    expect(attempts).toEqual([]);
    expect(result).toMatchObject({ accessKeyId: sts.issued().at(-1)?.accessKeyId });
    expect(stsRequests).toBe(1);
  });

  it('endpoint_url in [profile app] is used only when AWS_PROFILE names that profile', async () => {
    const files = await writeProfiles({ app: [`endpoint_url = ${sts.url}`] });
    sandbox.useInProcessEnv(files);
    const ignored = await observe(() => fromIni({ profile: 'app', clientConfig: guard() })());
    expect(ignored.result).toBeInstanceOf(Error);
    expect(String(ignored.result)).toContain('blocked');
    expect(ignored.attempts).toEqual([`sts.${APP_REGION}.amazonaws.com`]);
    expect(ignored.stsRequests).toBe(0);

    sandbox.useInProcessEnv(files, { AWS_PROFILE: 'app' });
    const used = await observe(() => fromIni({ profile: 'app', clientConfig: guard() })());
    expect(used.attempts).toEqual([]);
    expect(used.result).toMatchObject({ accessKeyId: sts.issued().at(-1)?.accessKeyId });
  });

  it('a [services] section (services = … in the profile) likewise needs AWS_PROFILE', async () => {
    const files = await writeProfiles({ app: ['services = emulator'], tail: `\n[services emulator]\nsts =\n  endpoint_url = ${sts.url}\n` });
    sandbox.useInProcessEnv(files);
    expect((await observe(() => fromIni({ profile: 'app', clientConfig: guard() })())).attempts).toEqual([`sts.${APP_REGION}.amazonaws.com`]);
    sandbox.useInProcessEnv(files, { AWS_PROFILE: 'app' });
    const used = await observe(() => fromIni({ profile: 'app', clientConfig: guard() })());
    expect(used.attempts).toEqual([]);
    expect(used.result).not.toBeInstanceOf(Error);
  });
});

describe('aws CLI --profile app: pointing the role assumption at the emulator', () => {
  it('works with AWS_ENDPOINT_URL_STS; `aws rds generate-db-auth-token --profile app` gives an accepted token', async () => {
    const env = sandbox.cliEnv(await writeProfiles(), { AWS_ENDPOINT_URL_STS: sts.url });
    const args = ['rds', 'generate-db-auth-token', '--profile', 'app', '--hostname', fixture.endpointHost, '--port', String(fixture.endpointPort), '--region', fixture.region, '--username', fixture.iamUser];
    const { result, attempts } = await observe(() => runAws(args, env));
    expect(attempts).toEqual([]);
    if (result instanceof Error) throw result;
    expect(result.stderr).toBe('');
    const issued = sts.issued().at(-1);
    expect(issued?.arn).toBe(APP_ARN);
    expect(await loginWithToken(fixture, result.stdout.trim())).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${issued?.accessKeyId}`] });
  });

  it('works with endpoint_url in [profile app] (no AWS_PROFILE needed)', async () => {
    const env = sandbox.cliEnv(await writeProfiles({ app: [`endpoint_url = ${sts.url}`] }));
    const { result, attempts } = await observe(() => runAws(['sts', 'get-caller-identity', '--profile', 'app'], env));
    expect(attempts).toEqual([]);
    if (result instanceof Error) throw result;
    expect(cliIdentity(result.stdout).arn).toBe(APP_ARN);
  });

  it('--endpoint-url does NOT reach the role assumption (only the command itself)', async () => {
    const env = sandbox.cliEnv(await writeProfiles(), { AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' });
    const { result, attempts, stsRequests } = await observe(() => runAws(['sts', 'get-caller-identity', '--profile', 'app', '--endpoint-url', sts.url], env));
    if (result instanceof Error) throw result;
    expect(result.code).not.toBe(0);
    expect(attempts).toEqual([`sts.${APP_REGION}.amazonaws.com:443`]);
    expect(stsRequests).toBe(0);
  });
});

describe('MFA', () => {
  const mfaParams = (): { RoleArn: string; RoleSessionName: string; SerialNumber: string } => ({ RoleArn: MFA_ROLE_ARN, RoleSessionName: 'mfa-session', SerialNumber: MFA_SERIAL });
  const clientConfig = (): { endpoint: string; region: string; requestHandler: { httpsAgent: AwsSandbox['httpsAgent'] } } => ({ endpoint: sts.url, region: 'us-east-1', ...guard() });

  it('fromTemporaryCredentials with SerialNumber and the right code: the token is accepted', async () => {
    const asked: string[] = [];
    const credentials = fromTemporaryCredentials({
      params: mfaParams(),
      masterCredentials: baseKey(),
      clientConfig: clientConfig(),
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return MFA_CODE;
      },
    });
    const creds = await credentials();
    expect(asked).toEqual([MFA_SERIAL]);
    const token = await signerToken(fixtureRequest(fixture, { key: creds }));
    expect(await loginWithToken(fixture, token)).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${creds.accessKeyId}`] });
  });

  it('a wrong code → AccessDenied with the MFA message; no MFA at all → not authorized', async () => {
    const wrong = fromTemporaryCredentials({ params: mfaParams(), masterCredentials: baseKey(), clientConfig: clientConfig(), mfaCodeProvider: async () => '000000' });
    await expect(wrong()).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      $metadata: { httpStatusCode: 403 },
    });
    const none = fromTemporaryCredentials({ params: { RoleArn: MFA_ROLE_ARN, RoleSessionName: 'no-mfa' }, masterCredentials: baseKey(), clientConfig: clientConfig() });
    await expect(none()).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/dsn-user is not authorized to perform: sts:AssumeRole on resource: ${MFA_ROLE_ARN}`,
    });
  });

  it('fromIni with mfa_serial in the profile uses mfaCodeProvider (answered → works)', async () => {
    sandbox.useInProcessEnv(await writeProfiles({ role: 'mfa' }));
    const asked: string[] = [];
    const creds = await fromIni({
      profile: 'app',
      clientConfig: { endpoint: sts.url, ...guard() },
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return MFA_CODE;
      },
    })();
    expect(asked).toEqual([MFA_SERIAL]);
    expect(sts.issued().at(-1)).toMatchObject({ accessKeyId: creds.accessKeyId, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/dsn-admin/app-session` });
  });

  it('fromIni: a refusing mfaCodeProvider surfaces its error and nothing is sent; no provider → SDK error', async () => {
    sandbox.useInProcessEnv(await writeProfiles({ role: 'mfa' }));
    const refusal = new Error('user cancelled the MFA prompt');
    const refused = await observe(() => fromIni({ profile: 'app', clientConfig: { endpoint: sts.url, ...guard() }, mfaCodeProvider: () => Promise.reject(refusal) })());
    expect(refused.result).toBe(refusal);
    expect(refused.stsRequests).toBe(0);

    const noProvider = await observe(() => fromIni({ profile: 'app', clientConfig: { endpoint: sts.url, ...guard() } })());
    expect(String(noProvider.result)).toContain('requires multi-factor authentication');
    expect(noProvider.stsRequests).toBe(0);
  });
});
