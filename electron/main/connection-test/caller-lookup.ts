/**
 * Who signed the token, for the report: the signer's identity facts plus the caller ARN from STS
 * GetCallerIdentity (caller-identity.ts), looked up in parallel with the connection under a short
 * deadline. The lookup never delays the report past that deadline and never fails it.
 */
import type { IdentityFacts } from '../../../shared/connection-test';
import type { Dsn } from '../../../shared/dsn';
import type { CallerIdentityPort } from './caller-identity';
import type { SignedToken } from '../iam-token/signer';
import { ABORTED, raceAbort } from './attempt-plan';

/** Default deadline of the lookup, from its start. */
export const CALLER_LOOKUP_TIMEOUT_MS = 1500;

/** A running lookup. */
export interface CallerLookup {
  /** The ARN, or undefined after an error, the deadline or a cancel. Never rejects. */
  result(): Promise<string | undefined>;
  /** Stops waiting and aborts the lookup. */
  cancel(): void;
}

/** Starts the lookup with the credentials that signed `token`; `parent` (the test's signal) aborts it too. */
export function startCallerLookup(port: CallerIdentityPort, dsn: Dsn, token: SignedToken, timeoutMs: number, parent: AbortSignal): CallerLookup {
  const cancelled = new AbortController();
  const signal = AbortSignal.any([parent, cancelled.signal, AbortSignal.timeout(timeoutMs)]);
  let lookup: Promise<string | undefined>;
  try {
    lookup = port.lookup(token.credentials, { region: dsn.region, endpoint: dsn.stsEndpoint, timeoutMs, signal }).then(
      (arn) => (typeof arn === 'string' && arn !== '' ? arn.slice(0, 2048) : undefined),
      () => undefined,
    );
  } catch {
    lookup = Promise.resolve(undefined);
  }
  // The deadline, a cancel or the test's abort end the wait even if the port ignores its signal.
  const settled = raceAbort(lookup, signal).then((arn) => (arn === ABORTED ? undefined : arn));
  return { result: () => settled, cancel: () => cancelled.abort() };
}

/** The report's identity: the signer's facts with the caller ARN added when known. */
export function reportIdentity(token: SignedToken | undefined, callerArn: string | undefined): IdentityFacts | undefined {
  if (token === undefined) return undefined;
  return callerArn === undefined ? { ...token.identity } : { ...token.identity, callerArn };
}
