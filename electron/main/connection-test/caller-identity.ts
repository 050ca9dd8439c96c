/**
 * Who the credentials are: STS GetCallerIdentity, for the test report ("signed as
 * arn:aws:sts::…:assumed-role/db/me"). Best effort: any failure, timeout or abort answers
 * `undefined` and never blocks or fails a connection test.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials } from '../credentials/types';
import { STS_REQUEST_HANDLER } from '../credentials/sts';

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
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(abort, Math.max(1, options.timeoutMs));
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
      const work = client.send(new GetCallerIdentityCommand({}), { abortSignal: controller.signal });
      const stopped = new Promise<undefined>((resolve) => controller.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
      const answer = await Promise.race([work.then((r) => r.Arn), stopped]);
      work.catch(() => undefined); // a late rejection after the race is not an unhandled one
      return typeof answer === 'string' && answer !== '' ? answer : undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      client?.destroy();
    }
  }
}
