/**
 * How `iam-dsn` ends: one exit status per family of error codes (shared/result.ts), so scripts
 * can tell "fix your credentials" from "the network is down" from "the database refused the login".
 */
import { ERROR_FAMILY, type ErrorCode, type ErrorFamily } from '../../shared/result';

/** The exit statuses of `iam-dsn`. */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** A bug, an unreadable store file, a server error. */
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

/** The exit status of each family: a total table, so a new family does not compile without one. */
export const EXIT_BY_FAMILY: Readonly<Record<ErrorFamily, ExitStatus>> = {
  input: EXIT.USAGE,
  app: EXIT.OTHER,
  cancelled: EXIT.INTERRUPTED,
  aws: EXIT.CREDENTIALS,
  'secret-missing': EXIT.CREDENTIALS,
  network: EXIT.NETWORK,
  login: EXIT.AUTH,
  server: EXIT.OTHER,
};

/** The exit status for an error code (see {@link EXIT}). */
export function exitStatusFor(code: ErrorCode): ExitStatus {
  return EXIT_BY_FAMILY[ERROR_FAMILY[code]];
}
