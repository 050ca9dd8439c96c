/**
 * The credential subsystem's shared shapes: what a provider yields, what a DSN's credentials
 * depend on, and the static-key secrets. One file that provider-chain.ts, sts.ts, resolver.ts and
 * errors.ts all import, so none of them imports another for a type (no import circle).
 */
import type { AssumeRole, CredentialSource } from '../../../shared/dsn';

/** Resolved AWS credentials (what the SDK's providers return). Secret: main process only. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: Date | undefined;
}

/** A function that resolves credentials, like the SDK's credential providers. */
export type CredentialProvider = () => Promise<AwsCredentials>;

/** The secrets of a `static` source, decrypted in main only; never sent to the renderer. */
export interface StaticSecrets {
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
}

/** Asks the user for the current code of MFA device `mfaSerial` (see mfa-broker.ts). */
export type MfaCodeProvider = (mfaSerial: string) => Promise<string>;

/** The DSN fields the credentials depend on. */
export interface CredentialTarget {
  region: string;
  credentialSource: CredentialSource;
  assumeRole?: AssumeRole | undefined;
  /** STS endpoint URL for role assumption; '' or absent = the SDK's default. */
  stsEndpoint?: string | undefined;
}

/** A provider and the source it stands for, in words ("profile app → role arn:…"). */
export interface CredentialChain {
  provider: CredentialProvider;
  describe: string;
}

/** Builds the chain for a DSN; tests inject one (a bare provider is accepted too). */
export type CredentialProviderFactory = (dsn: CredentialTarget, secrets: StaticSecrets, mfa: MfaCodeProvider) => CredentialChain | CredentialProvider;

/** Thrown by a `static` source that has no secret access key (typed or stored). */
export class MissingStaticSecretError extends Error {
  constructor(readonly accessKeyId: string) {
    super('No secret access key for the typed access key');
    this.name = 'MissingStaticSecretError';
  }
}
