/** Maps AWS SDK credential-provider failures to errors a user can act on, without secrets. */
import type { CredentialSource } from '../../../shared/dsn';
import type { AppError } from '../../../shared/result';
import { redactOpaqueRuns } from './redact';

/** How the credential source is named in messages. */
export function describeSource(source: CredentialSource): string {
  return source.kind === 'profile' ? `AWS profile "${source.profile}"` : 'the default AWS credential chain';
}

const EXPIRED = /expired|ExpiredToken|RequestExpired|TokenRefreshRequired/i;

function errorText(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** A one-line, secret-free detail for an SDK error. */
export function safeDetail(error: unknown): string {
  const { name, message } = errorText(error);
  return redactOpaqueRuns(`${name}: ${message}`).slice(0, 1000);
}

/** The AppError for a failure to get credentials from `source`. */
export function credentialError(error: unknown, source: CredentialSource): AppError {
  const { message } = errorText(error);
  const detail = safeDetail(error);
  const from = describeSource(source);
  if (EXPIRED.test(message)) {
    return {
      code: 'CREDENTIALS_EXPIRED',
      message: `The AWS credentials from ${from} have expired.`,
      hint:
        source.kind === 'profile'
          ? `Refresh them, e.g. \`aws sso login --profile ${source.profile}\` for an SSO profile, or get new temporary keys for the profile; then test again.`
          : 'Refresh them (e.g. `aws sso login`, or new temporary keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN); then test again.',
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
    hint: 'Check that the AWS CLI works with the same settings, e.g. `aws sts get-caller-identity`' + (source.kind === 'profile' ? ` --profile ${source.profile}` : '') + '.',
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
  return {
    code: 'CREDENTIALS_MISSING',
    message: 'No AWS credentials were found in the default credential chain.',
    hint: [
      'Provide credentials in one of these ways, then test again:',
      '• environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary keys), set before the app starts;',
      '• `aws configure` (writes ~/.aws/credentials) or `aws sso login` for the default profile;',
      '• or choose a named profile as the credential source of this DSN.',
    ].join('\n'),
    detail,
  };
}
