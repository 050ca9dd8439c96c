/**
 * A credential source in words: the one wording the test report's "Signed by", every credential
 * error message and the CLI's table share ("AWS profile "app" → role arn:…", "typed keys
 * AKIA…WXYZ", "the default AWS credential chain"). Never a secret: a key id is shown masked.
 */
import type { AssumeRole, CredentialSource } from '../../../shared/dsn';

/** `AKIA…WXYZ`: the first and last four characters of an access key id. */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length < 12) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** The credential source alone, in words that read well inside a sentence ("from …", "of …"). */
export function describeSource(source: CredentialSource): string {
  switch (source.kind) {
    case 'default':
      return 'the default AWS credential chain';
    case 'profile':
      return `AWS profile "${source.profile}"`;
    case 'static':
      return `typed keys ${maskAccessKeyId(source.accessKeyId)}`;
  }
}

/** The whole chain in words: the source, then the role assumed with it. */
export function describeCredentials(dsn: { credentialSource: CredentialSource; assumeRole?: AssumeRole | undefined }): string {
  const source = describeSource(dsn.credentialSource);
  if (dsn.assumeRole === undefined) return source;
  return `${source} → role ${dsn.assumeRole.roleArn}${dsn.assumeRole.mfaSerial !== '' ? ' (MFA)' : ''}`;
}
