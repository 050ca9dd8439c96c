/** What a connection test reports: phases with timings, what the server said, and a diagnosis. */
import type { AppError } from './result';

/**
 * The steps of a connection, in order. The SSH tunnel's four (connect to the bastion, check its
 * host key, log in, open the forward) appear only in reports of a tunnelled DSN.
 */
export const PHASES = ['sign', 'ssh-connect', 'host-key', 'ssh-auth', 'forward', 'tcp', 'tls', 'auth', 'query'] as const;
/** The SSH tunnel's phases. */
export const TUNNEL_PHASES = ['ssh-connect', 'host-key', 'ssh-auth', 'forward'] as const;
export type TunnelPhaseName = (typeof TUNNEL_PHASES)[number];
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
  /**
   * `null` when the connection is not encrypted. `verified`: the certificate chain and the server
   * name were checked (a CA bundle is set); absent from reports made before main said so, where
   * the tested DSN's CA bundle tells.
   */
  tls: { version: string; cipher: string; verified?: boolean | undefined } | null;
  /** The address the socket went to (the tunnel when connect-via is set; "bastion → host:port" through SSH). */
  connectedTo: string;
  /** current_user is a member of rds_iam (undefined when it could not be checked). */
  rdsIamMember?: boolean | undefined;
}

/** Who signed the token: never a secret, the access key id masked (AKIA…WXYZ). */
export interface IdentityFacts {
  /** The credential source in words, e.g. "profile app → role arn:aws:iam::…:role/db". */
  source: string;
  accessKeyIdMasked: string;
  /** From STS GetCallerIdentity when reachable; absent otherwise (it never blocks the result). */
  callerArn?: string | undefined;
  /** ISO time the credentials expire (temporary credentials only). */
  credentialsExpireAt?: string | undefined;
}

/** The token used, without the token itself. */
export interface TokenFacts {
  signedFor: string;
  region: string;
  /** ISO time after which the token is no longer reused. */
  reuseUntil: string;
  /** ISO time RDS stops accepting the token (15 minutes after signing). */
  expiresAt?: string | undefined;
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
  identity?: IdentityFacts | undefined;
  /** The server refused a cached token and one fresh token was tried (at most once). */
  retriedWithFreshToken?: boolean | undefined;
  /** Present when outcome is failure. */
  error?: AppError | undefined;
}
