/**
 * Who the credentials are: STS GetCallerIdentity, for the test report ("signed as
 * arn:aws:sts::…:assumed-role/db/me"). Best effort: any failure, timeout or abort answers
 * `undefined` and never blocks or fails a connection test.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials } from '../credentials/types';
import { STS_REQUEST_HANDLER } from '../credentials/sts';
import { ABORTED, raceAbort } from './attempt-plan';

/** Options of one lookup. */
export interface CallerIdentityOptions {
  /** Signing region (the DSN's). */
  region: string;
  /** STS endpoint URL; absent or '' = the SDK's default for the region. */
  endpoint?: string | undefined;
  /** Gives up after this long. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** What the connection tester calls; {@link StsCallerIdentity} implements it. */
export interface CallerIdentityPort {
  /** The caller's ARN, or undefined on any failure. Never throws. */
  lookup(credentials: AwsCredentials, options: CallerIdentityOptions): Promise<string | undefined>;
}

/** GetCallerIdentity with @aws-sdk/client-sts: one attempt, bounded by `timeoutMs` and `signal`. */
export class StsCallerIdentity implements CallerIdentityPort {
  async lookup(credentials: AwsCredentials, options: CallerIdentityOptions): Promise<string | undefined> {
    if (options.signal?.aborted) return undefined;
    const deadline = AbortSignal.timeout(Math.max(1, options.timeoutMs));
    const signal = options.signal === undefined ? deadline : AbortSignal.any([options.signal, deadline]);
    let client: STSClient | undefined;
    try {
      const endpoint = options.endpoint?.trim() ?? '';
      client = new STSClient({
        region: options.region === '' ? 'us-east-1' : options.region,
        ...(endpoint === '' ? {} : { endpoint }),
        credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
        maxAttempts: 1,
        requestHandler: { connectionTimeout: Math.min(STS_REQUEST_HANDLER.connectionTimeout, options.timeoutMs), requestTimeout: options.timeoutMs },
      });
      const work = client.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      work.catch(() => undefined); // a late rejection after an abort is not an unhandled one
      // The signal answers at once even if the SDK is slow to notice it.
      const answer = await raceAbort(work, signal);
      return answer !== ABORTED && typeof answer.Arn === 'string' && answer.Arn !== '' ? answer.Arn : undefined;
    } catch {
      return undefined;
    } finally {
      client?.destroy();
    }
  }
}
