/**
 * Credential sources: builds the AWS SDK provider chain that yields the credentials a DSN signs
 * its IAM token with: the default chain, a named profile (static, role, SSO, credential_process,
 * web identity), or typed keys; then, when the DSN says so, a role assumed on top (STS AssumeRole,
 * external ID and MFA included). Honours AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (the SDK
 * reads them). Never logs; errors are mapped by errors.ts.
 */
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { Dsn } from '../../../shared/dsn';
import { describeCredentials } from './describe';
import { stsRoleAssumers, type StsClientOptions } from './sts';
import { type CredentialChain, type CredentialProvider, type CredentialTarget, type MfaCodeProvider, MissingStaticSecretError, type StaticSecrets } from './types';

function stsOptions(dsn: CredentialTarget): StsClientOptions | undefined {
  const endpoint = dsn.stsEndpoint?.trim() ?? '';
  return endpoint === '' ? undefined : { endpoint, region: dsn.region === '' ? undefined : dsn.region };
}

function staticProvider(accessKeyId: string, secrets: StaticSecrets): CredentialProvider {
  return async () => {
    const secretAccessKey = secrets.secretAccessKey?.trim() ?? '';
    if (secretAccessKey === '') throw new MissingStaticSecretError(accessKeyId);
    const sessionToken = secrets.sessionToken?.trim() ?? '';
    return { accessKeyId, secretAccessKey, sessionToken: sessionToken === '' ? undefined : sessionToken };
  };
}

function sourceProvider(dsn: CredentialTarget, secrets: StaticSecrets, mfa: MfaCodeProvider): CredentialProvider {
  const source = dsn.credentialSource;
  if (source.kind === 'static') return staticProvider(source.accessKeyId, secrets);
  const sts = stsOptions(dsn);
  // The custom STS endpoint goes to role assumption only (roleAssumer), never to the SSO client,
  // which fromIni's clientConfig would also reach. Role assumption without one uses the profile's
  // region, else the DSN's (parentClientConfig). ignoreCache: edits to ~/.aws files apply at once.
  const common = {
    mfaCodeProvider: mfa,
    ignoreCache: true,
    ...(dsn.region === '' ? {} : { parentClientConfig: { region: dsn.region } }),
    ...(sts === undefined ? {} : stsRoleAssumers(sts)),
  };
  if (source.kind === 'profile') return fromIni({ profile: source.profile, ...common });
  return fromNodeProviderChain(common);
}

/**
 * The real factory: default → the Node provider chain; profile → fromIni; static → the typed keys
 * (`secrets`); then `assumeRole` → fromTemporaryCredentials with the source as master credentials.
 * `mfa` answers MFA prompts of role profiles (mfa_serial) and of the DSN's role.
 */
export const createCredentialChain = (dsn: CredentialTarget, secrets: StaticSecrets, mfa: MfaCodeProvider): CredentialChain => {
  const source = sourceProvider(dsn, secrets, mfa);
  const role = dsn.assumeRole;
  if (role === undefined) return { provider: source, describe: describeCredentials(dsn) };
  const endpoint = dsn.stsEndpoint?.trim() ?? '';
  const provider = fromTemporaryCredentials({
    masterCredentials: source,
    params: {
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName,
      DurationSeconds: role.durationSeconds,
      ...(role.externalId !== '' ? { ExternalId: role.externalId } : {}),
      ...(role.mfaSerial !== '' ? { SerialNumber: role.mfaSerial } : {}),
    },
    mfaCodeProvider: mfa,
    clientConfig: { region: dsn.region === '' ? undefined : dsn.region, ...(endpoint === '' ? {} : { endpoint }), maxAttempts: 2 },
  });
  return { provider, describe: describeCredentials(dsn) };
};

/** The fields of a {@link Dsn} that {@link CredentialTarget} takes, for callers holding a whole DSN. */
export function credentialTargetOf(dsn: Pick<Dsn, 'region' | 'credentialSource'> & Partial<Pick<Dsn, 'assumeRole' | 'stsEndpoint'>>): CredentialTarget {
  return { region: dsn.region, credentialSource: dsn.credentialSource, assumeRole: dsn.assumeRole, stsEndpoint: dsn.stsEndpoint };
}
