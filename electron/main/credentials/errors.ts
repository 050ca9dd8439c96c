/**
 * Maps AWS SDK credential-provider and STS failures to errors a user can act on. Messages name the
 * source, the role and the caller, never a secret; `detail` is the SDK's text with every known
 * secret and every long opaque run removed.
 */
import type { CredentialSource } from '../../../shared/dsn';
import type { AppError } from '../../../shared/result';
import { type CredentialTarget, MissingStaticSecretError } from './types';
import { describeSource, maskAccessKeyId } from './describe';
import { MfaNotAnsweredError } from './mfa-broker';
import { redactOpaqueRuns, redactSecrets } from '../files/redact';

type Secrets = ReadonlyArray<string | undefined>;


const EXPIRED = /expired|ExpiredToken|RequestExpired|TokenRefreshRequired/i;
const SSO = /SSO session|aws sso login|SSO Token|sso_session|sso-session|SSO returns/i;
const PROCESS = /credential_process|Command failed/i;
const NOT_AUTHORIZED = /User: (\S+) is not authorized to perform: sts:AssumeRole(?:WithWebIdentity)? on resource: (\S+)/;
const MFA_SDK_MISSING = /requires multi-factor authentication, but no MFA code callback/i;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID']);

const MFA_FAILED = /MultiFactorAuthentication failed/i;
const MFA_BAD_SERIAL = /unable to validate MFA code|serial number/i;

/** AWS refused the MFA code itself (wrong or already used), not the device: worth asking for the next code. */
export function isRejectedMfaCode(error: unknown): boolean {
  const { message } = errorText(error);
  return MFA_FAILED.test(message) && !MFA_BAD_SERIAL.test(message);
}

function errorText(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function errnoCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** A one-line, secret-free detail for an SDK error. */
export function safeDetail(error: unknown, secrets: Secrets = []): string {
  const { name, message } = errorText(error);
  return redactOpaqueRuns(redactSecrets(`${name}: ${message}`, secrets)).slice(0, 1000);
}

function isUnreachable(error: unknown): boolean {
  const { name, message } = errorText(error);
  const code = errnoCode(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  return name === 'TimeoutError' || /socket timed out|connect ECONNREFUSED|getaddrinfo|socket hang up/i.test(message);
}

function profileName(target: CredentialTarget): string | undefined {
  const source = target.credentialSource;
  if (source.kind === 'profile') return source.profile;
  return source.kind === 'default' ? process.env.AWS_PROFILE : undefined;
}

function ssoLoginCommand(target: CredentialTarget): string {
  const name = profileName(target);
  return name === undefined || name === '' ? 'aws sso login' : `aws sso login --profile ${name}`;
}

function assumeRoleDenied(target: CredentialTarget, message: string, detail: string): AppError {
  const m = NOT_AUTHORIZED.exec(message);
  const role = m?.[2] ?? target.assumeRole?.roleArn ?? 'the role';
  const caller = m?.[1];
  const dsnRole = target.assumeRole;
  const causes = [
    `Likely causes, in order:`,
    `• the role's trust policy does not allow ${caller ?? 'the caller'} (or its account) to assume it;`,
    dsnRole === undefined
      ? '• the trust policy requires an external ID (sts:ExternalId) that the profile does not send, or sends differently (external_id);'
      : dsnRole.externalId === ''
        ? '• the trust policy requires an external ID (sts:ExternalId condition): enter it in this DSN;'
        : '• the external ID of this DSN differs from the one the trust policy expects;',
    dsnRole !== undefined && dsnRole.mfaSerial === '' ? '• the trust policy requires MFA (aws:MultiFactorAuthPresent): set the MFA device of this DSN;' : undefined,
    `• the caller's own IAM policy does not allow sts:AssumeRole on ${role}.`,
    `Check with: aws sts assume-role --role-arn ${role} --role-session-name test`,
  ].filter((line): line is string => line !== undefined);
  return {
    code: 'ASSUME_ROLE_DENIED',
    message: caller === undefined ? `AWS refused to let these credentials assume ${role}.` : `AWS refused to let ${caller} assume ${role}.`,
    hint: causes.join('\n'),
    detail,
  };
}

function mfaNotAnswered(error: MfaNotAnsweredError | undefined, target: CredentialTarget, detail: string): AppError {
  const why: Record<MfaNotAnsweredError['reason'], string> = {
    cancelled: 'The MFA prompt was cancelled, so no role was assumed.',
    timeout: 'No MFA code was entered in time, so no role was assumed.',
    unavailable: 'An MFA code is needed, but the app could not ask for one (no window is open).',
    aborted: 'The request was cancelled while waiting for an MFA code.',
  };
  const serial = error?.mfaSerial ?? target.assumeRole?.mfaSerial;
  return {
    code: 'MFA_REQUIRED',
    message: error === undefined ? 'These credentials need an MFA code, and none was given.' : why[error.reason],
    hint: `Test again and enter the current 6-digit code of the MFA device${serial ? ` ${serial}` : ''} when asked.`,
    detail,
  };
}

/** The AppError for a failure to get credentials for `target`. `secrets` are removed from the detail. */
export function credentialError(error: unknown, target: CredentialTarget, secrets: Secrets = []): AppError {
  const source = target.credentialSource;
  const { name, message } = errorText(error);
  const detail = safeDetail(error, secrets);
  const from = describeSource(source);
  const profileFlag = source.kind === 'profile' ? ` --profile ${source.profile}` : '';

  if (error instanceof MfaNotAnsweredError) return mfaNotAnswered(error, target, detail);
  if (MFA_SDK_MISSING.test(message)) return mfaNotAnswered(undefined, target, detail);
  if (error instanceof MissingStaticSecretError) return missingCredentials(source, detail);
  if (MFA_FAILED.test(message)) {
    const badSerial = MFA_BAD_SERIAL.test(message);
    return {
      code: 'MFA_FAILED',
      message: badSerial ? 'AWS could not check the MFA code: the MFA device does not belong to the caller.' : 'AWS did not accept the MFA code.',
      hint: badSerial
        ? 'Check the MFA device ARN (the DSN\'s MFA device, or mfa_serial in the profile): it must be a device of the user whose keys are the source.'
        : 'Test again with the code the device shows now (codes change every 30 seconds and each works once); if it keeps failing, resynchronise the device in the IAM console.',
      detail,
    };
  }
  if (NOT_AUTHORIZED.test(message)) return assumeRoleDenied(target, message, detail);
  if (SSO.test(message)) {
    const command = ssoLoginCommand(target);
    return {
      code: 'SSO_LOGIN_REQUIRED',
      message: `The AWS SSO (IAM Identity Center) session of ${from} has expired or was never started.`,
      hint: `Run this in a terminal, then test again:\n${command}`,
      detail,
    };
  }
  if (PROCESS.test(message)) {
    return {
      code: 'CREDENTIAL_PROCESS_FAILED',
      message: `The credential_process of ${from} failed.`,
      hint: 'Run the command set as credential_process in a terminal: it must exit with status 0 and print JSON with "Version": 1, AccessKeyId and SecretAccessKey (plus SessionToken and a future Expiration for temporary keys).',
      detail,
    };
  }
  if (isUnreachable(error)) {
    const endpoint = target.stsEndpoint !== undefined && target.stsEndpoint !== '' ? target.stsEndpoint : 'the default STS endpoint';
    return {
      code: 'STS_UNREACHABLE',
      message: `AWS STS could not be reached (${endpoint}), so no credentials could be obtained.`,
      hint: 'Check the network (VPN, proxy, firewall) and the STS endpoint of this DSN; a VPC endpoint is reachable only from inside its VPC.',
      detail,
    };
  }
  if (EXPIRED.test(message) || name === 'ExpiredTokenException') {
    return {
      code: 'CREDENTIALS_EXPIRED',
      message: `The AWS credentials from ${from} have expired.`,
      hint:
        source.kind === 'profile'
          ? `Refresh them, e.g. \`aws sso login --profile ${source.profile}\` for an SSO profile, or get new temporary keys for the profile; then test again.`
          : source.kind === 'static'
            ? 'These typed keys are temporary and have expired: enter new keys (and session token), then test again.'
            : 'Refresh them (e.g. `aws sso login`, or new temporary keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN); then test again.',
      detail,
    };
  }
  if (/InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient/.test(name)) {
    return {
      code: 'SIGNING_FAILED',
      message: `AWS STS refused the credentials from ${from} (${name}).`,
      hint: 'The access key is unknown or inactive, or the secret access key or session token does not match it. Check them, e.g. with `aws sts get-caller-identity`' + profileFlag + '.',
      detail,
    };
  }
  if (name === 'ValidationError' && target.assumeRole !== undefined) {
    return {
      code: 'ASSUME_ROLE_DENIED',
      message: `AWS STS refused the request to assume ${target.assumeRole.roleArn}.`,
      hint: "Check the role session duration: it may not exceed the role's maximum session duration (1 hour by default, and 1 hour when a role assumes another role).",
      detail,
    };
  }
  if (source.kind === 'profile' && /could not resolve credentials using profile|profile .* (could not be found|was not found)/i.test(message)) {
    return {
      code: 'PROFILE_NOT_FOUND',
      message: `AWS profile "${source.profile}" was not found, or holds no credentials.`,
      hint: `Check the name against \`aws configure list-profiles\`. Profiles live in ~/.aws/config and ~/.aws/credentials (or the files named by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). Create it with \`aws configure --profile ${source.profile}\` or \`aws configure sso --profile ${source.profile}\`.`,
      detail,
    };
  }
  if (/could not load credentials from any providers|unable to find environment variable credentials/i.test(message)) {
    return missingCredentials(source, detail);
  }
  return {
    code: 'SIGNING_FAILED',
    message: `Getting AWS credentials from ${from} failed.`,
    hint: 'Check that the AWS CLI works with the same settings, e.g. `aws sts get-caller-identity`' + profileFlag + '.',
    detail,
  };
}

/** The AppError for a source that yielded no credentials at all. */
export function missingCredentials(source: CredentialSource, detail?: string): AppError {
  if (source.kind === 'profile') {
    return {
      code: 'CREDENTIALS_MISSING',
      message: `AWS profile "${source.profile}" gave no credentials.`,
      hint: `Configure the profile with \`aws configure --profile ${source.profile}\` (access keys) or \`aws configure sso --profile ${source.profile}\`, then test again.`,
      detail,
    };
  }
  if (source.kind === 'static') {
    return {
      code: 'CREDENTIALS_MISSING',
      message: `No secret access key is stored or entered for the typed access key ${maskAccessKeyId(source.accessKeyId)}.`,
      hint: 'Enter the secret access key (and the session token for temporary ASIA… keys) in the form, save the DSN, then test again.',
      detail,
    };
  }
  return {
    code: 'CREDENTIALS_MISSING',
    message: 'No AWS credentials were found in the default credential chain.',
    hint: [
      'Provide credentials in one of these ways, then test again:',
      '• environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary keys), set before the app starts;',
      '• `aws configure` (writes ~/.aws/credentials) or `aws sso login` for the default profile;',
      '• or choose a named profile, or typed keys, as the credential source of this DSN.',
    ].join('\n'),
    detail,
  };
}
