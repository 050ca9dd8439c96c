/**
 * What kind of failure each error code is, as a total table: the report's headline (in the
 * user's words: "Could not get AWS credentials", not "Connection failed") and the label of the
 * raw text (what AWS said, what the server said, or what this computer's network stack said —
 * never "server said" for a socket error).
 */
import type { ErrorCode } from '../../../shared/result';

export type ErrorFamily = 'input' | 'app' | 'credentials' | 'password' | 'network' | 'tunnel' | 'tls' | 'login' | 'server';

export const ERROR_FAMILY: Record<ErrorCode, ErrorFamily> = {
  VALIDATION: 'input',
  NOT_FOUND: 'input',
  NAME_TAKEN: 'input',
  STORE_IO: 'app',
  CANCELLED: 'app',
  UNTRUSTED_SENDER: 'app',
  INTERNAL: 'app',
  CREDENTIALS_MISSING: 'credentials',
  CREDENTIALS_EXPIRED: 'credentials',
  PROFILE_NOT_FOUND: 'credentials',
  SIGNING_FAILED: 'credentials',
  SSO_LOGIN_REQUIRED: 'credentials',
  MFA_REQUIRED: 'credentials',
  MFA_FAILED: 'credentials',
  ASSUME_ROLE_DENIED: 'credentials',
  CREDENTIAL_PROCESS_FAILED: 'credentials',
  STS_UNREACHABLE: 'credentials',
  DNS_NOT_FOUND: 'network',
  CONNECTION_REFUSED: 'network',
  HOST_UNREACHABLE: 'network',
  CONNECT_TIMEOUT: 'network',
  QUERY_TIMEOUT: 'server',
  CONNECTION_CLOSED: 'network',
  TLS_NOT_SUPPORTED: 'tls',
  TLS_UNTRUSTED_CA: 'tls',
  TLS_CERT_EXPIRED: 'tls',
  TLS_NAME_MISMATCH: 'tls',
  TLS_FAILED: 'tls',
  CA_BUNDLE_UNREADABLE: 'tls',
  PLAINTEXT_REFUSED: 'tls',
  // The SSH tunnel: its own headline, so a refused bastion login never reads as the database's.
  SSH_UNREACHABLE: 'tunnel',
  SSH_TIMEOUT: 'tunnel',
  SSH_HOST_KEY_UNKNOWN: 'tunnel',
  SSH_HOST_KEY_CHANGED: 'tunnel',
  SSH_HOST_KEY_REVOKED: 'tunnel',
  SSH_LOGIN_REFUSED: 'tunnel',
  SSH_KEY_UNUSABLE: 'tunnel',
  SSH_AGENT_UNAVAILABLE: 'tunnel',
  SSH_FORWARD_REFUSED: 'tunnel',
  SSH_FORWARD_FAILED: 'tunnel',
  SSH_FAILED: 'tunnel',
  SSH_CONFIG_UNSUPPORTED: 'input',
  PAM_AUTH_FAILED: 'login',
  PASSWORD_AUTH_FAILED: 'login',
  PASSWORD_MISSING: 'password',
  NO_HBA_ENTRY: 'login',
  DATABASE_NOT_FOUND: 'login',
  ROLE_NOT_FOUND: 'login',
  SERVER_ERROR: 'server',
};

/** The headline of a failed test, by family. */
export const FAILURE_HEADLINES: Record<ErrorFamily, string> = {
  input: 'The test could not run',
  app: 'The test could not run',
  credentials: 'Could not get AWS credentials',
  password: 'No database password to log in with',
  network: 'Could not reach the server',
  tunnel: 'Could not open the SSH tunnel',
  tls: 'Could not set up a secure connection',
  login: 'The server refused the login',
  server: 'The server reported an error',
};

/** What the raw text of an error is, by family. */
export const DETAIL_LABELS: Record<ErrorFamily, string> = {
  input: 'Details',
  app: 'Details',
  credentials: 'AWS said',
  password: 'Details',
  network: 'Network error on this computer',
  tunnel: 'SSH error',
  tls: 'TLS error on this computer',
  login: 'Server said',
  server: 'Server said',
};
