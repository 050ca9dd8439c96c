/**
 * How the STS emulator refuses requests — the error codes, HTTP statuses, XML and messages real STS
 * uses — seen through the aws CLI, SDK v3 and hand-signed requests; and that it never prints or
 * returns a caller's secret. No PostgreSQL needed; nothing leaves loopback.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { cliCredentials, cliIdentity, createAwsSandbox, keyEnv, runAws, type AwsFiles, type AwsSandbox } from '../fixture/sts-emulator-harness';
import { signRequest } from '../fixture/sts-emulator-sigv4';

const ACCOUNT = '210987654321';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ops/dsn-app`;
const PRIVATE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/only-the-other-user`;
const EXTERNAL_ID = 'rejections-ext-1';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETKEY';
const caller: FixtureAccessKey = { accessKeyId: 'AKIAREJECTIONSTEST01', secretAccessKey: SECRET };
const other: FixtureAccessKey = { accessKeyId: 'AKIAREJECTIONSTEST02', secretAccessKey: 'c2Vjb25kLXVzZXItc2VjcmV0LWtleS0xMjM0NTY3OA' };

/** The emulator clock runs `clockOffsetMs` ahead of real time (to expire sessions). */
let clockOffsetMs = 0;
let sts: StsEmulator;
let sandbox: AwsSandbox;
let noFiles: AwsFiles;
/** Every response body the emulator sent to the raw-request helper. */
const rawBodies: string[] = [];

beforeAll(async () => {
  sandbox = await createAwsSandbox();
  noFiles = await sandbox.writeAwsFiles('');
  sts = await startStsEmulator({
    keys: [caller, { ...other, userName: 'other-user' }],
    accountId: ACCOUNT,
    roles: [
      { arn: ROLE_ARN, externalId: EXTERNAL_ID },
      { arn: PRIVATE_ROLE_ARN, trustedCallers: [other.accessKeyId] },
    ],
    now: () => new Date(Date.now() + clockOffsetMs),
  });
});

afterAll(async () => {
  await sts?.stop();
  await sandbox?.cleanup();
});

afterEach(() => {
  clockOffsetMs = 0;
});

interface RawOptions {
  date?: Date;
  service?: string;
  /** Changes the signed request before it is sent. */
  tamper?: (request: { headers: Record<string, string>; body: string }) => void;
}

/** A hand-signed STS Query POST; returns status, body and the request id header. */
async function raw(params: Record<string, string>, key: FixtureAccessKey, options: RawOptions = {}): Promise<{ status: number; body: string; requestId: string | null }> {
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  const headers = signRequest({ url: sts.url, body, key, region: 'ap-southeast-2', ...options });
  const request = { headers, body };
  options.tamper?.(request);
  const { host: _host, ...sent } = request.headers; // fetch sets Host itself (the same value)
  const response = await fetch(`${sts.url}/`, { method: 'POST', headers: sent, body: request.body });
  const text = await response.text();
  rawBodies.push(text);
  return { status: response.status, body: text, requestId: response.headers.get('x-amzn-requestid') };
}

const codeOf = (xml: string): string => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? '';
const messageOf = (xml: string): string => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? '';

const assumeParams = (extra: Record<string, string> = {}): Record<string, string> => ({
  Action: 'AssumeRole',
  RoleArn: ROLE_ARN,
  RoleSessionName: 'rejections',
  ExternalId: EXTERNAL_ID,
  ...extra,
});

const clientConfig = (): { endpoint: string; region: string; requestHandler: { httpsAgent: AwsSandbox['httpsAgent'] } } => ({
  endpoint: sts.url,
  region: 'us-east-1',
  requestHandler: { httpsAgent: sandbox.httpsAgent },
});

describe('authorization refusals', () => {
  it('wrong or missing external ID → AccessDenied (CLI and SDK), worded like STS', async () => {
    const denied = `User: arn:aws:iam::${ACCOUNT}:user/fixture-user is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`;
    const args = ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'cli', '--external-id', 'wrong-ext', '--endpoint-url', sts.url, '--region', 'us-east-1'];
    const cli = await runAws(args, sandbox.cliEnv(noFiles, keyEnv(caller)));
    expect(cli.code).not.toBe(0);
    expect(cli.stderr.trim()).toBe(`An error occurred (AccessDenied) when calling the AssumeRole operation: ${denied}`);

    const sdk = fromTemporaryCredentials({ params: { RoleArn: ROLE_ARN, RoleSessionName: 'sdk' }, masterCredentials: caller, clientConfig: clientConfig() });
    await expect(sdk()).rejects.toMatchObject({ name: 'AccessDenied', message: denied, $metadata: { httpStatusCode: 403 } });
  });

  it('a role whose trust policy names another caller → AccessDenied; that caller may assume it', async () => {
    const mine = await raw({ Action: 'AssumeRole', RoleArn: PRIVATE_ROLE_ARN, RoleSessionName: 'nope' }, caller);
    expect([mine.status, codeOf(mine.body)]).toEqual([403, 'AccessDenied']);
    const theirs = await raw({ Action: 'AssumeRole', RoleArn: PRIVATE_ROLE_ARN, RoleSessionName: 'yes' }, other);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toContain(`<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/only-the-other-user/yes</Arn>`);
  });

  it('an unknown role → AccessDenied, not a hint that it does not exist', async () => {
    const res = await raw(assumeParams({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing` }), caller);
    expect([res.status, codeOf(res.body)]).toEqual([403, 'AccessDenied']);
  });
});

describe('authentication refusals', () => {
  it('unknown key → InvalidClientTokenId (CLI and SDK)', async () => {
    const stranger = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: SECRET };
    const cli = await runAws(['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(stranger)));
    expect(cli.stderr.trim()).toBe('An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.');
    const sdk = fromTemporaryCredentials({ params: { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID }, masterCredentials: stranger, clientConfig: clientConfig() });
    await expect(sdk()).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    expect(sts.requests().at(-1)).toMatchObject({ action: 'AssumeRole', accessKeyId: stranger.accessKeyId, ok: false, status: 403, errorCode: 'InvalidClientTokenId' });
  });

  it('tampered signature, tampered body, or a wrong secret → SignatureDoesNotMatch', async () => {
    const flipped = await raw({ Action: 'GetCallerIdentity' }, caller, {
      tamper: (req) => {
        req.headers.authorization = req.headers.authorization?.replace(/.$/, (c) => (c === '0' ? '1' : '0')) ?? '';
      },
    });
    expect([flipped.status, codeOf(flipped.body)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(messageOf(flipped.body)).toMatch(/^The request signature we calculated does not match the signature you provided/);

    const rewritten = await raw(assumeParams(), caller, { tamper: (req) => void (req.body = req.body.replace('rejections', 'rejectionz')) });
    expect(codeOf(rewritten.body)).toBe('SignatureDoesNotMatch');

    const cli = await runAws(['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv({ ...caller, secretAccessKey: `${SECRET}x` })));
    expect(cli.stderr).toContain('An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation');
  });

  it('a signature older than 15 minutes, or scoped to another service, → SignatureDoesNotMatch', async () => {
    const old = await raw({ Action: 'GetCallerIdentity' }, caller, { date: new Date(Date.now() - 20 * 60_000) });
    expect([old.status, codeOf(old.body)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(messageOf(old.body)).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const wrongService = await raw({ Action: 'GetCallerIdentity' }, caller, { service: 'iam' });
    expect(messageOf(wrongService.body)).toContain("Credential should be scoped to correct service: 'sts'.");
  });

  it('no Authorization header → MissingAuthenticationToken', async () => {
    const res = await raw({ Action: 'GetCallerIdentity' }, caller, { tamper: (req) => void delete req.headers.authorization });
    expect([res.status, codeOf(res.body)]).toEqual([403, 'MissingAuthenticationToken']);
  });
});

describe('issued sessions', () => {
  async function cliSession(): Promise<FixtureAccessKey & { sessionToken: string; expiration: Date }> {
    const args = ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'short', '--external-id', EXTERNAL_ID, '--duration-seconds', '900'];
    const result = await runAws([...args, '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(caller)));
    return cliCredentials(result.stdout);
  }

  it('a session used after its expiration → ExpiredToken (CLI and SDK)', async () => {
    const session = await cliSession();
    const whoami = (): Promise<{ code: number; stdout: string; stderr: string }> =>
      runAws(['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--region', 'us-east-1'], sandbox.cliEnv(noFiles, keyEnv(session)));
    expect(cliIdentity((await whoami()).stdout).arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/dsn-app/short`);

    clockOffsetMs = 901_000;
    expect((await whoami()).stderr.trim()).toBe('An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired');
    const chained = fromTemporaryCredentials({ params: { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID }, masterCredentials: session, clientConfig: clientConfig() });
    await expect(chained()).rejects.toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
  });

  it('a session key with a wrong or missing session token → InvalidClientTokenId', async () => {
    const session = await cliSession();
    const wrong = await raw({ Action: 'GetCallerIdentity' }, { ...session, sessionToken: `${session.sessionToken}x` });
    expect([wrong.status, codeOf(wrong.body)]).toEqual([403, 'InvalidClientTokenId']);
    const { sessionToken: _dropped, ...withoutToken } = session;
    expect(codeOf((await raw({ Action: 'GetCallerIdentity' }, withoutToken)).body)).toBe('InvalidClientTokenId');
  });

  it('GetSessionToken with session credentials → AccessDenied', async () => {
    const session = await cliSession();
    const res = await raw({ Action: 'GetSessionToken' }, session);
    expect([res.status, codeOf(res.body), messageOf(res.body)]).toEqual([403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials']);
  });
});

describe('validation', () => {
  it.each([
    [{ DurationSeconds: '100' }, "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"],
    [{ DurationSeconds: '43201' }, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"],
    [{ DurationSeconds: '7200' }, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
    [{ RoleSessionName: 'has space' }, "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"],
  ])('AssumeRole %o → ValidationError (400)', async (extra, message) => {
    const res = await raw(assumeParams(extra), caller);
    expect([res.status, codeOf(res.body), messageOf(res.body)]).toEqual([400, 'ValidationError', message]);
  });

  it('missing parameters are listed together', async () => {
    const res = await raw({ Action: 'AssumeRole' }, caller);
    expect(messageOf(res.body)).toBe(
      "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('an unknown action → InvalidAction (400)', async () => {
    const res = await raw({ Action: 'DecodeAuthorizationMessage' }, caller);
    expect([res.status, codeOf(res.body)]).toEqual([400, 'InvalidAction']);
  });
});

describe('responses and records', () => {
  it('are shaped like real STS: namespace, Result, ResponseMetadata/RequestId = x-amzn-RequestId; errors as ErrorResponse', async () => {
    const ok = await raw({ Action: 'GetCallerIdentity' }, caller);
    expect(ok.body).toMatch(/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<GetCallerIdentityResult><Arn>arn:aws:iam::210987654321:user\/fixture-user<\/Arn><UserId>AIDA[A-Z2-7]{17}<\/UserId><Account>210987654321<\/Account><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>\s*<\/GetCallerIdentityResponse>\s*$/);
    expect(ok.body).toContain(`<RequestId>${ok.requestId}</RequestId>`);
    const denied = await raw(assumeParams({ ExternalId: 'nope-nope' }), caller);
    expect(denied.body).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/);
    expect(sts.requests().at(-1)).toEqual({ action: 'AssumeRole', accessKeyId: caller.accessKeyId, region: 'ap-southeast-2', ok: false, status: 403, errorCode: 'AccessDenied' });
  });

  it('never print or return a caller secret or session token', async () => {
    const output: string[] = [];
    const capture = (...args: unknown[]): void => void output.push(args.map(String).join(' '));
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(capture),
      vi.spyOn(console, 'info').mockImplementation(capture),
      vi.spyOn(console, 'warn').mockImplementation(capture),
      vi.spyOn(console, 'error').mockImplementation(capture),
      vi.spyOn(console, 'debug').mockImplementation(capture),
    ];
    let session: FixtureAccessKey;
    try {
      const assumed = await raw(assumeParams({ RoleSessionName: 'secrets' }), caller);
      const issued = sts.issued().at(-1);
      if (!issued) throw new Error('nothing issued');
      session = issued;
      expect(assumed.body).toContain(issued.secretAccessKey); // the new secret is the answer itself
      await raw({ Action: 'GetCallerIdentity' }, session);
      await raw({ Action: 'GetCallerIdentity' }, { ...session, secretAccessKey: 'bad-secret' });
      await raw(assumeParams({ DurationSeconds: '1' }), caller);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(output).toEqual([]);
    const seen = [...rawBodies.filter((b) => !b.includes('<AssumeRoleResponse')), JSON.stringify(sts.requests())].join('\n');
    for (const secret of [caller.secretAccessKey, other.secretAccessKey, session.secretAccessKey, session.sessionToken ?? '']) expect(seen).not.toContain(secret);
    expect(sandbox.awsAttempts()).toEqual([]);
  });
});
