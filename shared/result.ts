/** Result values: how every IPC call and service answers, instead of throwing. */
import type { FieldErrors } from './dsn';

/** Every error the app can report, each with its own message and hint. */
export const ERROR_CODES = [
  // input and storage
  'VALIDATION',
  'NOT_FOUND',
  'NAME_TAKEN',
  'STORE_IO',
  'CANCELLED',
  'UNTRUSTED_SENDER',
  'INTERNAL',
  // credentials and signing
  'CREDENTIALS_MISSING',
  'CREDENTIALS_EXPIRED',
  'PROFILE_NOT_FOUND',
  'SIGNING_FAILED',
  'SSO_LOGIN_REQUIRED',
  'MFA_REQUIRED',
  'MFA_FAILED',
  'ASSUME_ROLE_DENIED',
  'CREDENTIAL_PROCESS_FAILED',
  'STS_UNREACHABLE',
  // network and TLS
  'DNS_NOT_FOUND',
  'CONNECTION_REFUSED',
  'HOST_UNREACHABLE',
  'CONNECT_TIMEOUT',
  'QUERY_TIMEOUT',
  'CONNECTION_CLOSED',
  'TLS_NOT_SUPPORTED',
  'TLS_UNTRUSTED_CA',
  'TLS_CERT_EXPIRED',
  'TLS_NAME_MISMATCH',
  'TLS_FAILED',
  'CA_BUNDLE_UNREADABLE',
  'PLAINTEXT_REFUSED',
  // SSH tunnel
  'SSH_UNREACHABLE',
  'SSH_TIMEOUT',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_HOST_KEY_REVOKED',
  'SSH_LOGIN_REFUSED',
  'SSH_KEY_UNUSABLE',
  'SSH_AGENT_UNAVAILABLE',
  'SSH_FORWARD_REFUSED',
  'SSH_FORWARD_FAILED',
  'SSH_CONFIG_UNSUPPORTED',
  'SSH_FAILED',
  // authentication and server
  'PAM_AUTH_FAILED',
  'PASSWORD_AUTH_FAILED',
  'PASSWORD_MISSING',
  'NO_HBA_ENTRY',
  'DATABASE_NOT_FOUND',
  'ROLE_NOT_FOUND',
  'SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The families of error codes, by who answered: what the window says next to an error's raw text
 * ("AWS said" or "Server said") and the CLI's exit status both follow from it.
 */
export const ERROR_FAMILIES = ['input', 'app', 'cancelled', 'aws', 'secret-missing', 'network', 'login', 'server'] as const;
/** One of {@link ERROR_FAMILIES}. */
export type ErrorFamily = (typeof ERROR_FAMILIES)[number];

/**
 * The family of every error code: a total table, so a new code does not compile until it has one.
 * `input` a request or DSN the app refuses; `app` the app itself or its files; `cancelled` the
 * user stopped it; `aws` credentials, STS and signing (the raw text comes from AWS);
 * `secret-missing` a database password that is needed but not given; `network` DNS, TCP, TLS,
 * timeouts and the SSH tunnel; `login` the database refused the login; `server` any other server answer.
 */
export const ERROR_FAMILY: Readonly<Record<ErrorCode, ErrorFamily>> = {
  VALIDATION: 'input',
  NOT_FOUND: 'input',
  NAME_TAKEN: 'input',
  STORE_IO: 'app',
  CANCELLED: 'cancelled',
  UNTRUSTED_SENDER: 'app',
  INTERNAL: 'app',
  CREDENTIALS_MISSING: 'aws',
  CREDENTIALS_EXPIRED: 'aws',
  PROFILE_NOT_FOUND: 'aws',
  SIGNING_FAILED: 'aws',
  SSO_LOGIN_REQUIRED: 'aws',
  MFA_REQUIRED: 'aws',
  MFA_FAILED: 'aws',
  ASSUME_ROLE_DENIED: 'aws',
  CREDENTIAL_PROCESS_FAILED: 'aws',
  STS_UNREACHABLE: 'aws',
  DNS_NOT_FOUND: 'network',
  CONNECTION_REFUSED: 'network',
  HOST_UNREACHABLE: 'network',
  CONNECT_TIMEOUT: 'network',
  QUERY_TIMEOUT: 'network',
  CONNECTION_CLOSED: 'network',
  TLS_NOT_SUPPORTED: 'network',
  TLS_UNTRUSTED_CA: 'network',
  TLS_CERT_EXPIRED: 'network',
  TLS_NAME_MISMATCH: 'network',
  TLS_FAILED: 'network',
  CA_BUNDLE_UNREADABLE: 'network',
  PLAINTEXT_REFUSED: 'network',
  // The SSH tunnel is the path to the database: its refusals (the bastion's login included) are network ones.
  SSH_UNREACHABLE: 'network',
  SSH_TIMEOUT: 'network',
  SSH_HOST_KEY_UNKNOWN: 'network',
  SSH_HOST_KEY_CHANGED: 'network',
  SSH_HOST_KEY_REVOKED: 'network',
  SSH_LOGIN_REFUSED: 'network',
  SSH_KEY_UNUSABLE: 'network',
  SSH_AGENT_UNAVAILABLE: 'network',
  SSH_FORWARD_REFUSED: 'network',
  SSH_FORWARD_FAILED: 'network',
  SSH_FAILED: 'network',
  // ~/.ssh/config asks for something the app never runs (ProxyCommand, Match exec): the DSN must say it instead.
  SSH_CONFIG_UNSUPPORTED: 'input',
  PAM_AUTH_FAILED: 'login',
  PASSWORD_AUTH_FAILED: 'login',
  PASSWORD_MISSING: 'secret-missing',
  NO_HBA_ENTRY: 'login',
  DATABASE_NOT_FOUND: 'login',
  ROLE_NOT_FOUND: 'login',
  SERVER_ERROR: 'server',
};

/** DSN fields a fix can set from a report (text fields only: the value is shown before it is set). */
export const FIXABLE_FIELDS = ['region', 'server', 'port', 'user', 'database', 'sslMode', 'authType'] as const;
export type FixableField = (typeof FIXABLE_FIELDS)[number];

/**
 * The one action that fixes an error where the app can, offered as the report's primary button:
 * set a field (Region to eu-central-1), copy a text to run elsewhere (GRANT rds_iam TO iam_user;,
 * aws sso login), open the IAM setup assistant filled from the DSN, or go to a field to fill in.
 */
export type FixAction =
  | { kind: 'set-field'; field: FixableField; value: string; label: string }
  | { kind: 'copy'; text: string; label: string }
  | { kind: 'open-iam-setup'; label: string }
  | { kind: 'focus-field'; field: FixableField | 'caBundlePath' | 'credentialSource' | 'password'; label: string };

/** An error as the user sees it. `detail` is untrusted server text: render it as plain text. */
export interface AppError {
  code: ErrorCode;
  /** One line in plain language. */
  message: string;
  /** The likely cause, in one sentence, when the diagnosis knows it. */
  cause?: string | undefined;
  /** The one action that fixes it, when the app can offer one. */
  action?: FixAction | undefined;
  /** What else to check (several lines); shown folded under "Other things to check". */
  hint?: string | undefined;
  /** Raw text from the server or the OS, never containing a secret. */
  detail?: string | undefined;
  /** Field-level messages for VALIDATION errors. */
  fieldErrors?: FieldErrors | undefined;
}

/** A success carrying `value`, or a failure carrying an {@link AppError}. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * What a parser inside the app answers: the value, or one message saying what is wrong and where
 * ("unterminated quote in value of 'password' at position 12"). The caller turns the message into
 * an {@link AppError} with the code and hint of its context.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A parse that failed with `message`. */
export function unparsed(message: string): Parsed<never> {
  return { ok: false, message };
}

/** Builds a success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failure. */
export function err<T = never>(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}
