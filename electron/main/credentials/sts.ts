/**
 * STS clients pointed at a DSN's own STS endpoint (VPC endpoint, FIPS, the tests' emulator): the
 * role assumers given to fromIni / the default chain, so that only STS calls go there (fromIni's
 * `clientConfig.endpoint` would also reach the SSO client).
 */
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import type { AwsCredentials } from './types';

/** Where STS calls go. */
export interface StsClientOptions {
  endpoint: string;
  /** Signing region; the SDK's default (AWS_REGION, profile, us-east-1) when absent. */
  region?: string | undefined;
}

/** Timeouts and retries of every STS client the app makes: a dead endpoint fails in seconds. */
export const STS_REQUEST_HANDLER = { connectionTimeout: 5_000, requestTimeout: 15_000 } as const;

function toCredentials(creds: Credentials | undefined, what: string): AwsCredentials {
  if (creds?.AccessKeyId === undefined || creds.SecretAccessKey === undefined) throw new Error(`Invalid response from STS.${what}`);
  return { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken, expiration: creds.Expiration };
}

/** `roleAssumer` and `roleAssumerWithWebIdentity` for fromIni / fromNodeProviderChain. */
export function stsRoleAssumers(options: StsClientOptions): {
  roleAssumer: (sourceCreds: AwsCredentials, params: AssumeRoleCommandInput) => Promise<AwsCredentials>;
  roleAssumerWithWebIdentity: (params: AssumeRoleWithWebIdentityCommandInput) => Promise<AwsCredentials>;
} {
  const config = { endpoint: options.endpoint, region: options.region, maxAttempts: 2, requestHandler: STS_REQUEST_HANDLER };
  return {
    roleAssumer: async (sourceCreds, params) => {
      const client = new STSClient({ ...config, credentials: sourceCreds });
      try {
        return toCredentials((await client.send(new AssumeRoleCommand(params))).Credentials, 'AssumeRole');
      } finally {
        client.destroy();
      }
    },
    roleAssumerWithWebIdentity: async (params) => {
      // AssumeRoleWithWebIdentity is unsigned (smithy.api#noAuth): the web identity token is the proof.
      const client = new STSClient(config);
      try {
        return toCredentials((await client.send(new AssumeRoleWithWebIdentityCommand(params))).Credentials, 'AssumeRoleWithWebIdentity');
      } finally {
        client.destroy();
      }
    },
  };
}
