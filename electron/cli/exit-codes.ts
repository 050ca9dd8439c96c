/**
 * How `iam-dsn` ends: one exit status per class of {@link ErrorCode}, so scripts can tell "fix
 * your credentials" from "the network is down" from "the database refused the login".
 */
import type { ErrorCode } from '../../shared/result';

/** The exit statuses of `iam-dsn`. */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** A bug, an unreadable store file, a server error, or any code not classified. */
  OTHER: 1,
  /** Bad arguments, an invalid DSN (file or store), or no DSN of that name. */
  USAGE: 2,
  /** AWS credentials, MFA, role assumption, token signing, or a database password that is needed but not given. */
  CREDENTIALS: 3,
  /** Name resolution, TCP, timeouts, TLS, the CA bundle, or a refusal to send a token in plaintext. */
  NETWORK: 4,
  /** The database refused the login (token, password, pg_hba, role or database). */
  AUTH: 5,
  /** Ctrl-C: at a prompt, or a test cancelled (CANCELLED). The shell's convention for SIGINT. */
  INTERRUPTED: 130,
} as const;

/** One of the {@link EXIT} values. */
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit status of every error code, stated explicitly. A code missing here (one added to
 * shared/result.ts later) falls back to {@link classifyByPattern}, then to {@link EXIT.OTHER};
 * the unit test insists that every code is listed.
 */
export const EXIT_BY_ERROR_CODE: Readonly<Partial<Record<ErrorCode, ExitStatus>>> = {
  // input and storage
  VALIDATION: EXIT.USAGE,
  NOT_FOUND: EXIT.USAGE,
  NAME_TAKEN: EXIT.USAGE,
  STORE_IO: EXIT.OTHER,
  CANCELLED: EXIT.INTERRUPTED,
  UNTRUSTED_SENDER: EXIT.OTHER,
  INTERNAL: EXIT.OTHER,
  // credentials and signing
  CREDENTIALS_MISSING: EXIT.CREDENTIALS,
  CREDENTIALS_EXPIRED: EXIT.CREDENTIALS,
  PROFILE_NOT_FOUND: EXIT.CREDENTIALS,
  SIGNING_FAILED: EXIT.CREDENTIALS,
  SSO_LOGIN_REQUIRED: EXIT.CREDENTIALS,
  MFA_REQUIRED: EXIT.CREDENTIALS,
  MFA_FAILED: EXIT.CREDENTIALS,
  ASSUME_ROLE_DENIED: EXIT.CREDENTIALS,
  CREDENTIAL_PROCESS_FAILED: EXIT.CREDENTIALS,
  STS_UNREACHABLE: EXIT.CREDENTIALS,
  PASSWORD_MISSING: EXIT.CREDENTIALS,
  // network and TLS
  DNS_NOT_FOUND: EXIT.NETWORK,
  CONNECTION_REFUSED: EXIT.NETWORK,
  HOST_UNREACHABLE: EXIT.NETWORK,
  CONNECT_TIMEOUT: EXIT.NETWORK,
  QUERY_TIMEOUT: EXIT.NETWORK,
  CONNECTION_CLOSED: EXIT.NETWORK,
  TLS_NOT_SUPPORTED: EXIT.NETWORK,
  TLS_UNTRUSTED_CA: EXIT.NETWORK,
  TLS_CERT_EXPIRED: EXIT.NETWORK,
  TLS_NAME_MISMATCH: EXIT.NETWORK,
  TLS_FAILED: EXIT.NETWORK,
  CA_BUNDLE_UNREADABLE: EXIT.NETWORK,
  PLAINTEXT_REFUSED: EXIT.NETWORK,
  // authentication and server
  PAM_AUTH_FAILED: EXIT.AUTH,
  PASSWORD_AUTH_FAILED: EXIT.AUTH,
  NO_HBA_ENTRY: EXIT.AUTH,
  ROLE_NOT_FOUND: EXIT.AUTH,
  DATABASE_NOT_FOUND: EXIT.AUTH,
  SERVER_ERROR: EXIT.OTHER,
};

/** Name patterns for codes not (yet) in the table: the families named in docs/cli.md. */
const PATTERNS: ReadonlyArray<readonly [RegExp, ExitStatus]> = [
  [/^(CREDENTIALS?_|MFA_|SSO_|STS_|ASSUME_ROLE_|PROFILE_)/, EXIT.CREDENTIALS],
  [/^(DNS_|TLS_)|_TIMEOUT$/, EXIT.NETWORK],
  [/_AUTH_FAILED$/, EXIT.AUTH],
];

/** The status a code's name implies, or `undefined` when its name says nothing. */
export function classifyByPattern(code: string): ExitStatus | undefined {
  return PATTERNS.find(([pattern]) => pattern.test(code))?.[1];
}

/** The exit status for an error code (see {@link EXIT}). */
export function exitStatusFor(code: ErrorCode): ExitStatus {
  return EXIT_BY_ERROR_CODE[code] ?? classifyByPattern(code) ?? EXIT.OTHER;
}
