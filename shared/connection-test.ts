/** What a connection test reports: phases with timings, what the server said, and a diagnosis. */
import type { AppError } from './result';

/** The steps of a connection, in order. */
export const PHASES = ['sign', 'tcp', 'tls', 'auth', 'query'] as const;
export type PhaseName = (typeof PHASES)[number];

/** One step's outcome and how long it took. */
export interface PhaseResult {
  name: PhaseName;
  status: 'ok' | 'failed' | 'skipped';
  /** Milliseconds spent in this phase (0 when skipped). */
  durationMs: number;
  /** A short note, e.g. "token reused from cache" or "plaintext (sslmode allow)". */
  note?: string | undefined;
}

/** What the server told us on success. All strings are server text: render as plain text. */
export interface ServerFacts {
  serverVersion: string;
  currentUser: string;
  database: string;
  /** `null` when the connection is not encrypted. */
  tls: { version: string; cipher: string } | null;
  /** The address the socket went to (the tunnel when connect-via is set). */
  connectedTo: string;
}

/** The token used, without the token itself. */
export interface TokenFacts {
  signedFor: string;
  region: string;
  /** ISO time after which the token is no longer reused. */
  reuseUntil: string;
  fromCache: boolean;
}

/** The whole answer of one Test connection. */
export interface ConnectionTestReport {
  outcome: 'success' | 'failure';
  phases: PhaseResult[];
  totalMs: number;
  startedAt: string;
  server?: ServerFacts | undefined;
  token?: TokenFacts | undefined;
  /** Present when outcome is failure. */
  error?: AppError | undefined;
}
