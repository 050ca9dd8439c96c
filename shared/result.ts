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

/** An error as the user sees it. `detail` is untrusted server text: render it as plain text. */
export interface AppError {
  code: ErrorCode;
  /** One line in plain language. */
  message: string;
  /** What to do about it; may hold several lines (a checklist). */
  hint?: string | undefined;
  /** Raw text from the server or the OS, never containing a secret. */
  detail?: string | undefined;
  /** Field-level messages for VALIDATION errors. */
  fieldErrors?: FieldErrors | undefined;
}

/** A success carrying `value`, or a failure carrying an {@link AppError}. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Builds a success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failure. */
export function err<T = never>(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}
