/** Credential sources in words, and the mapping of SDK / STS failures to codes with hints. */
import { credentialError } from '../../../../electron/main/credentials/errors';
import { describeCredentials, maskAccessKeyId } from '../../../../electron/main/credentials/describe';
import { createCredentialChain } from '../../../../electron/main/credentials/provider-chain';
import { type CredentialTarget, MissingStaticSecretError } from '../../../../electron/main/credentials/types';
import { MfaNotAnsweredError } from '../../../../electron/main/credentials/mfa-broker';
import type { AssumeRole } from '../../../../shared/dsn';
import { formatDsnTable } from '../../../../electron/cli/output';
import { iamDsn } from '../../../support/fakes';

const ROLE: AssumeRole = { roleArn: 'arn:aws:iam::123456789012:role/db-reader', sessionName: 'iamdsn', externalId: '', durationSeconds: 3600, mfaSerial: '' };
const profile = (over: Partial<CredentialTarget> = {}): CredentialTarget => ({ region: 'us-east-1', credentialSource: { kind: 'profile', profile: 'app' }, ...over });
const dflt: CredentialTarget = { region: 'us-east-1', credentialSource: { kind: 'default' } };

/** An error shaped like the SDK's service exceptions. */
function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('describing sources', () => {
  it('masks access key ids to their first and last four characters', () => {
    expect(maskAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    expect(maskAccessKeyId('short')).toBe('…');
  });

  it('names the source and the role', () => {
    expect(describeCredentials(dflt)).toBe('the default AWS credential chain');
    expect(describeCredentials(profile({ assumeRole: ROLE }))).toBe(`AWS profile "app" → role ${ROLE.roleArn}`);
    expect(describeCredentials({ credentialSource: { kind: 'static', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, assumeRole: { ...ROLE, mfaSerial: 'arn:aws:iam::123456789012:mfa/me' } })).toBe(
      `typed keys AKIA…MPLE → role ${ROLE.roleArn} (MFA)`,
    );
  });

  // Issue #9, disagreement 4: the report said "profile app", the errors "AWS profile "app"" and
  // "the typed access key …", the CLI's table "static key …" and "default chain". One wording now.
  it.each([
    [{ kind: 'default' } as const, 'the default AWS credential chain'],
    [{ kind: 'profile', profile: 'app' } as const, 'AWS profile "app"'],
    [{ kind: 'static', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } as const, 'typed keys AKIA…MPLE'],
  ])('one wording for %o: the report, the errors and the CLI table say %s', (credentialSource, words) => {
    const target: CredentialTarget = { region: 'us-east-1', credentialSource };
    expect(describeCredentials(target)).toBe(words);
    expect(credentialError(sdkError('Error', 'boom'), target).message).toBe(`Getting AWS credentials from ${words} failed.`);
    expect(credentialError(sdkError('ExpiredTokenException', 'The security token included in the request is expired'), target).message).toBe(`The AWS credentials from ${words} have expired.`);
    const row = { ...iamDsn({ name: 'x', credentialSource }), id: 'x', hasPassword: false, passwordSessionOnly: false, hasSecretAccessKey: false, hasSessionToken: false, hasSshPassword: false, updatedAt: '' };
    expect(formatDsnTable([row]).trimEnd().split('\n')[1]?.endsWith(words)).toBe(true);
  });

  it('typed keys: the provider yields the key id and secrets, or refuses without a secret', async () => {
    const target: CredentialTarget = { region: 'us-east-1', credentialSource: { kind: 'static', accessKeyId: 'ASIAIOSFODNN7EXAMPLE' } };
    const never = () => Promise.reject(new Error('no MFA here'));
    const chain = createCredentialChain(target, { secretAccessKey: ' s3cr3t-with-space ', sessionToken: '' }, never);
    await expect(chain.provider()).resolves.toEqual({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 's3cr3t-with-space', sessionToken: undefined });
    await expect(createCredentialChain(target, {}, never).provider()).rejects.toBeInstanceOf(MissingStaticSecretError);
  });
});

describe('credentialError', () => {
  it('MFA not answered (cancel, timeout, no window) or not possible → MFA_REQUIRED', () => {
    const serial = 'arn:aws:iam::123456789012:mfa/me';
    expect(credentialError(new MfaNotAnsweredError('cancelled', serial), profile())).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringContaining('cancelled'), hint: expect.stringContaining(serial) });
    expect(credentialError(new MfaNotAnsweredError('timeout', serial), profile()).message).toContain('in time');
    expect(credentialError(new MfaNotAnsweredError('unavailable', serial), profile()).message).toContain('no window');
    expect(credentialError(new Error('Profile app requires multi-factor authentication, but no MFA code callback was provided.'), profile()).code).toBe('MFA_REQUIRED');
  });

  it('a wrong code → MFA_FAILED; a device of someone else → MFA_FAILED about the serial', () => {
    expect(credentialError(sdkError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'), profile())).toMatchObject({ code: 'MFA_FAILED', hint: expect.stringContaining('code') });
    const serial = credentialError(sdkError('AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.'), profile());
    expect(serial).toMatchObject({ code: 'MFA_FAILED', hint: expect.stringContaining('MFA device ARN') });
  });

  it('AssumeRole AccessDenied → ASSUME_ROLE_DENIED naming role, caller and the likely causes', () => {
    const message = `User: arn:aws:iam::123456789012:user/dsn-user is not authorized to perform: sts:AssumeRole on resource: ${ROLE.roleArn}`;
    const e = credentialError(sdkError('AccessDenied', message), profile({ assumeRole: ROLE }));
    expect(e).toMatchObject({ code: 'ASSUME_ROLE_DENIED', message: `AWS refused to let arn:aws:iam::123456789012:user/dsn-user assume ${ROLE.roleArn}.` });
    expect(e.hint).toContain('trust policy');
    expect(e.hint).toContain('external ID (sts:ExternalId condition): enter it in this DSN');
    expect(e.hint).toContain('aws:MultiFactorAuthPresent');
    expect(credentialError(sdkError('AccessDenied', message), profile({ assumeRole: { ...ROLE, externalId: 'x-1' } })).hint).toContain('differs');
    expect(credentialError(sdkError('AccessDenied', message), profile()).hint).toContain('external_id');
  });

  it.each([
    ['legacy SSO', 'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'],
    ['sso-session', "The SSO session token associated with profile=app was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile."],
    ['sso-session without refresh', "Value not present for 'clientId' in SSO Token. To refresh this SSO session run 'aws sso login' with the corresponding profile."],
  ])('%s → SSO_LOGIN_REQUIRED with the exact command', (_label, message) => {
    const e = credentialError(new Error(message), profile());
    expect(e.code).toBe('SSO_LOGIN_REQUIRED');
    expect(e.hint).toContain('aws sso login --profile app');
  });

  it('the default chain names AWS_PROFILE in the SSO command when it is set', () => {
    vi.stubEnv('AWS_PROFILE', 'corp');
    expect(credentialError(new Error('The SSO session associated with this profile has expired.'), dflt).hint).toContain('aws sso login --profile corp');
    vi.stubEnv('AWS_PROFILE', undefined);
    expect(credentialError(new Error('The SSO session associated with this profile has expired.'), dflt).hint).toMatch(/aws sso login$/);
    vi.unstubAllEnvs();
  });

  it.each([
    'Command failed: /opt/get-creds\nboom',
    'Profile app credential_process returned invalid JSON.',
    'Profile app credential_process returned expired credentials.',
  ])('credential_process failure (%s) → CREDENTIAL_PROCESS_FAILED', (message) => {
    expect(credentialError(new Error(message), profile()).code).toBe('CREDENTIAL_PROCESS_FAILED');
  });

  it('network failures → STS_UNREACHABLE naming the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(credentialError(refused, profile({ stsEndpoint: 'http://127.0.0.1:9' }))).toMatchObject({ code: 'STS_UNREACHABLE', message: expect.stringContaining('http://127.0.0.1:9') });
    const wrapped = new Error('outer', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND sts.example'), { code: 'ENOTFOUND' }) });
    expect(credentialError(wrapped, profile()).code).toBe('STS_UNREACHABLE');
    expect(credentialError(sdkError('TimeoutError', 'Socket timed out without establishing a connection within 5000 ms'), profile()).code).toBe('STS_UNREACHABLE');
  });

  it('maps expired, refused, invalid-request, unknown-profile and missing credentials', () => {
    expect(credentialError(sdkError('ExpiredToken', 'The security token included in the request is expired'), profile()).code).toBe('CREDENTIALS_EXPIRED');
    expect(credentialError(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.'), profile())).toMatchObject({ code: 'SIGNING_FAILED', hint: expect.stringContaining('--profile app') });
    expect(credentialError(sdkError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'), profile({ assumeRole: ROLE })).code).toBe('ASSUME_ROLE_DENIED');
    expect(credentialError(new Error('Could not resolve credentials using profile: [app] in configuration/credentials file(s).'), profile()).code).toBe('PROFILE_NOT_FOUND');
    expect(credentialError(new Error('Could not load credentials from any providers'), dflt)).toMatchObject({ code: 'CREDENTIALS_MISSING', hint: expect.stringContaining('AWS_ACCESS_KEY_ID') });
    expect(credentialError(new MissingStaticSecretError('AKIAIOSFODNN7EXAMPLE'), { region: 'us-east-1', credentialSource: { kind: 'static', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } })).toMatchObject({
      code: 'CREDENTIALS_MISSING',
      message: expect.stringContaining('AKIA…MPLE'),
    });
  });

  it('removes known secrets and long opaque runs from the detail', () => {
    const secret = 'short-ish secret';
    const e = credentialError(new Error(`Command failed: get-creds --secret "${secret}" IQoJb3JpZ2luX2VjEJr0123456789abcdefghijklmnop`), profile(), [secret]);
    expect(e.detail).not.toContain(secret);
    expect(e.detail).not.toContain('IQoJb3JpZ2luX2VjEJr0123456789abcdefghijklmnop');
    expect(e.detail).toContain('[redacted]');
  });
});
