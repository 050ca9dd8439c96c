/** Which transport a test tries first and second (like libpq's sslmode), and abort helpers. */
import { DatabaseError } from 'pg';
import type { Dsn } from '../../../shared/dsn';
import type { AppError } from '../../../shared/result';
import type { AttemptOutcome } from './pg-attempt';

/** TLS, or a plaintext connection. */
export type Transport = 'tls' | 'plain';

/** The transport libpq tries first for a DSN. IAM never starts in plaintext (allow → TLS first). */
export function firstTransport(dsn: Dsn): Transport {
  if (dsn.sslMode === 'disable') return 'plain';
  if (dsn.sslMode === 'allow') return dsn.authType === 'iam' ? 'tls' : 'plain';
  return 'tls';
}

/** libpq's second try: prefer → plaintext when the server refuses TLS; allow → TLS when the server refuses the plaintext login. */
export function fallbackTransport(dsn: Dsn, tried: Transport, outcome: AttemptOutcome, error: AppError): Transport | undefined {
  if (outcome.ok || outcome.failure.kind !== 'error') return undefined;
  if (dsn.sslMode === 'prefer' && tried === 'tls' && dsn.authType === 'database' && error.code === 'TLS_NOT_SUPPORTED') return 'plain';
  if (dsn.sslMode === 'allow' && tried === 'plain' && outcome.phase === 'auth' && outcome.failure.error instanceof DatabaseError) return 'tls';
  return undefined;
}

/** What {@link raceAbort} answers when the signal fired first. */
export const ABORTED: unique symbol = Symbol('aborted');

/** Resolves with `work`, or with {@link ABORTED} as soon as `signal` aborts. */
export async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (signal === undefined) return work;
  if (signal.aborted) return ABORTED;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}
