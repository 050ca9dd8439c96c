/**
 * The STS emulator with the real aws CLI and AWS SDK v3: keys it issues (registered with the IAM
 * PostgreSQL fixture through onIssue → addKey) sign RDS auth tokens that the fixture accepts.
 * Nothing here reaches AWS: every STS call goes to the loopback emulator, and the sandbox's trap
 * records any attempt to reach a real endpoint (asserted empty at the end).
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Signer } from '@aws-sdk/rds-signer';

import { awsCliToken, fixtureRequest, signerToken } from '../fixture/fixture-tokens';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { cliCredentials, cliIdentity, createAwsSandbox, keyEnv, loginWithToken, runAws, type AwsFiles, type AwsSandbox } from '../fixture/sts-emulator-harness';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/iam-dsn-app`;
const EXTERNAL_ID = 'dsn-manager-ext-7';

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let sandbox: AwsSandbox;
let noFiles: AwsFiles;

beforeAll(async () => {
  const started = Date.now();
  fixture = await startIamPostgres();
  sandbox = await createAwsSandbox();
  noFiles = await sandbox.writeAwsFiles('');
  sts = await startStsEmulator({
    keys: [baseKey()],
    accountId: ACCOUNT,
    roles: [{ arn: ROLE_ARN, externalId: EXTERNAL_ID, maxDurationSeconds: 7200 }],
    onIssue: (key) => fixture.addKey(key),
  });
  console.log(`IAM fixture + STS emulator (${sts.url}) started in ${Date.now() - started} ms`);
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

const sessionName = (label: string): string => `${label}-${Date.now()}`;

/** STS client settings for the SDK: the emulator, and no way out to AWS even if the endpoint were ignored. */
const stsClientConfig = (): { endpoint: string; region: string; requestHandler: { httpsAgent: AwsSandbox['httpsAgent'] } } => ({
  endpoint: sts.url,
  region: 'us-east-1',
  requestHandler: { httpsAgent: sandbox.httpsAgent },
});

describe('aws CLI against the emulator', () => {
  it('get-caller-identity prints the caller ARN', async () => {
    const result = await runAws(['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--region', 'eu-west-1'], sandbox.cliEnv(noFiles, keyEnv(baseKey())));
    expect(result.stderr).toBe('');
    const identity = cliIdentity(result.stdout);
    expect(identity).toMatchObject({ arn: `arn:aws:iam::${ACCOUNT}:user/fixture-user`, account: ACCOUNT });
    expect(identity.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(sts.requests().at(-1)).toEqual({ action: 'GetCallerIdentity', accessKeyId: baseKey().accessKeyId, region: 'eu-west-1', ok: true, status: 200 });
  });

  it('assume-role returns credentials whose RDS token (aws rds generate-db-auth-token) the fixture accepts', async () => {
    const session = sessionName('cli');
    const args = ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', session, '--external-id', EXTERNAL_ID, '--endpoint-url', sts.url, '--region', 'us-east-1'];
    const assumed = await runAws(args, sandbox.cliEnv(noFiles, keyEnv(baseKey())));
    expect(assumed.stderr).toBe('');
    const creds = cliCredentials(assumed.stdout);
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.sessionToken.length).toBeGreaterThan(512);
    expect(creds.expiration.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(JSON.parse(assumed.stdout)).toMatchObject({
      AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/iam-dsn-app/${session}`, AssumedRoleId: expect.stringMatching(new RegExp(`^AROA[A-Z2-7]{17}:${session}$`)) },
    });
    expect(sts.issued().at(-1)).toMatchObject({ accessKeyId: creds.accessKeyId, action: 'AssumeRole' });

    const whoami = await runAws(['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(creds)));
    expect(cliIdentity(whoami.stdout).arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/iam-dsn-app/${session}`);

    const token = await awsCliToken(fixtureRequest(fixture, { key: creds }));
    expect(token).toContain('X-Amz-Security-Token=');
    expect(await loginWithToken(fixture, token)).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${creds.accessKeyId}`] });
  });

  it('assume-role honours --duration-seconds up to the role maximum', async () => {
    const args = ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', sessionName('long'), '--external-id', EXTERNAL_ID, '--duration-seconds', '7200'];
    const assumed = await runAws([...args, '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(baseKey())));
    const expiresIn = cliCredentials(assumed.stdout).expiration.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(7100_000);
    expect(expiresIn).toBeLessThanOrEqual(7200_000);
  });

  it('get-session-token issues keys that keep the user identity and that the fixture accepts', async () => {
    const result = await runAws(['sts', 'get-session-token', '--duration-seconds', '900', '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(baseKey())));
    const creds = cliCredentials(result.stdout);
    const whoami = await runAws(['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(creds)));
    expect(cliIdentity(whoami.stdout).arn).toBe(`arn:aws:iam::${ACCOUNT}:user/fixture-user`);
    const token = await signerToken(fixtureRequest(fixture, { key: creds }));
    expect((await loginWithToken(fixture, token)).whoami).toBe(fixture.iamUser);
  });
});

describe('AWS SDK v3 against the emulator', () => {
  it('fromTemporaryCredentials + rds-signer: the fixture accepts the token (session token included)', async () => {
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: ROLE_ARN, RoleSessionName: sessionName('sdk'), ExternalId: EXTERNAL_ID },
      masterCredentials: baseKey(),
      clientConfig: stsClientConfig(),
    });
    const signer = new Signer({ hostname: fixture.endpointHost, port: fixture.endpointPort, region: fixture.region, username: fixture.iamUser, credentials });
    const token = await signer.getAuthToken();
    const issued = sts.issued().at(-1);
    expect(issued?.action).toBe('AssumeRole');
    expect(token).toContain(`X-Amz-Credential=${issued?.accessKeyId}`);
    expect(token).toContain('X-Amz-Security-Token=');
    expect(await loginWithToken(fixture, token)).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${issued?.accessKeyId}`] });
  });

  it('role chaining: a session assumes the role again (capped at one hour)', async () => {
    const first = await fromTemporaryCredentials({
      params: { RoleArn: ROLE_ARN, RoleSessionName: sessionName('hop1'), ExternalId: EXTERNAL_ID },
      masterCredentials: baseKey(),
      clientConfig: stsClientConfig(),
    })();
    const chained = fromTemporaryCredentials({
      params: { RoleArn: ROLE_ARN, RoleSessionName: sessionName('hop2'), ExternalId: EXTERNAL_ID, DurationSeconds: 7200 },
      masterCredentials: first,
      clientConfig: stsClientConfig(),
    });
    await expect(chained()).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('1 hour session limit') });
    const second = await fromTemporaryCredentials({
      params: { RoleArn: ROLE_ARN, RoleSessionName: sessionName('hop2'), ExternalId: EXTERNAL_ID },
      masterCredentials: first,
      clientConfig: stsClientConfig(),
    })();
    const token = await signerToken(fixtureRequest(fixture, { key: second }));
    expect((await loginWithToken(fixture, token)).whoami).toBe(fixture.iamUser);
  });
});

describe('fixture addKey / removeKey', () => {
  it('an issued key stops and starts working from the next connection on', async () => {
    const creds = await fromTemporaryCredentials({
      params: { RoleArn: ROLE_ARN, RoleSessionName: sessionName('toggle'), ExternalId: EXTERNAL_ID },
      masterCredentials: baseKey(),
      clientConfig: stsClientConfig(),
    })();
    const key = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken };
    const token = await signerToken(fixtureRequest(fixture, { key }));

    await fixture.removeKey(key.accessKeyId);
    const refused = await loginWithToken(fixture, token);
    expect(refused.whoami).toMatch(/^failed: PAM authentication failed/);
    expect(refused.log).toEqual([`reject user=${fixture.iamUser} reason=unknown-key key=${key.accessKeyId}`]);

    // Concurrent adds must all land (the rewrites are serialised), and re-adding replaces.
    const extra = Array.from({ length: 5 }, (_, i) => ({ ...key, accessKeyId: `ASIAEXTRA${i}AAAAAAAAAAA` }));
    await Promise.all([fixture.addKey(key), ...extra.map((k) => fixture.addKey(k)), fixture.addKey(key)]);
    expect((await loginWithToken(fixture, token)).log).toEqual([`accept user=${fixture.iamUser} key=${key.accessKeyId}`]);
    await Promise.all(extra.map((k) => fixture.removeKey(k.accessKeyId)));
    expect((await loginWithToken(fixture, token)).whoami).toBe(fixture.iamUser);
  });

  it('the fixture own keys still work and nothing tried to reach AWS', async () => {
    const token = await signerToken(fixtureRequest(fixture));
    expect((await loginWithToken(fixture, token)).whoami).toBe(fixture.iamUser);
    expect(sandbox.awsAttempts()).toEqual([]);
  });
});
