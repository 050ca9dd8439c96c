/**
 * Turns what went wrong in a connection attempt (an OS, TLS, pg or server error, or a timeout)
 * into an {@link AppError}: a code, one plain sentence, a hint, and the raw text as `detail`.
 */
import { DatabaseError } from 'pg';
import type { PhaseName, TokenFacts } from '../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../shared/dsn';
import type { AppError } from '../../../shared/result';
import { iamChecklist, quoteIdent } from './iam-checklist';
import { TesterError } from './tester-error';

/** What the diagnosis needs to know about the attempt. */
export interface DiagnosisContext {
  dsn: Dsn;
  /** The phase that was running when it failed. */
  phase: PhaseName;
  /** Facts of the IAM token in use, if any. */
  token?: TokenFacts | undefined;
  /** Whether this attempt used TLS. */
  tls: boolean;
}

const PHASE_LABEL: Record<PhaseName, string> = {
  sign: 'signing the IAM token',
  tcp: 'opening the TCP connection',
  tls: 'setting up TLS',
  auth: 'logging in',
  query: 'running the test query',
};

const UNTRUSTED_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);
const CERT_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function targetOf(dsn: Dsn): string {
  const t = socketTarget(dsn);
  return `${t.host}:${t.port}`;
}

/** The AppError for a connect (tcp/tls/auth) or query deadline that passed. */
export function diagnoseTimeout(ctx: DiagnosisContext): AppError {
  const { dsn, phase } = ctx;
  if (phase === 'query') {
    return {
      code: 'QUERY_TIMEOUT',
      message: `The test query did not finish within ${dsn.queryTimeoutSeconds} s.`,
      hint: 'The login worked, but the server is slow or stuck (load, locks, storage). Try again, or raise the query timeout.',
    };
  }
  const hints: Partial<Record<PhaseName, string>> = {
    tcp: 'Nothing answered at all: check security groups and network ACLs (port open for your address), that the instance is publicly accessible or that your VPN / tunnel is up, and the port.',
    tls: 'The TCP connection opened but the server never answered the TLS request: is a PostgreSQL server really behind this address and port? A tunnel may accept connections without forwarding them.',
    auth: 'The server accepted the connection but did not finish the login: it may be overloaded, or the IAM/PAM check is stuck. Try again, or raise the connect timeout.',
  };
  return {
    code: 'CONNECT_TIMEOUT',
    message: `No answer from ${targetOf(dsn)} within ${dsn.connectTimeoutSeconds} s, while ${PHASE_LABEL[phase]}.`,
    hint: hints[phase],
  };
}

/** The AppError for an error thrown or emitted during the attempt. */
export function diagnoseError(error: unknown, ctx: DiagnosisContext): AppError {
  if (error instanceof TesterError) return error.toAppError();
  if (error instanceof DatabaseError) return diagnoseServerError(error, ctx);
  return diagnoseClientError(error, ctx);
}

function diagnoseClientError(error: unknown, ctx: DiagnosisContext): AppError {
  const { dsn, phase } = ctx;
  const code = errorCode(error);
  const detail = errorMessage(error);
  const target = socketTarget(dsn);
  if (detail === 'timeout expired') return diagnoseTimeout(ctx);
  if (detail === 'Query read timeout') return diagnoseTimeout({ ...ctx, phase: 'query' });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    return {
      code: 'DNS_NOT_FOUND',
      message: `The host name ${target.host} could not be resolved${code === 'EAI_AGAIN' ? ' (DNS did not answer)' : ''}.`,
      hint: 'Check the spelling. A private RDS endpoint only resolves inside its VPC: connect through your VPN, or run a tunnel and put its address in "Connect via".',
      detail,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      code: 'CONNECTION_REFUSED',
      message: `${target.host}:${target.port} refused the connection.`,
      hint: 'Nothing listens on that port: check the port number, that the database is running, or that your tunnel is started.',
      detail,
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENETDOWN' || code === 'EHOSTDOWN') {
    return {
      code: 'HOST_UNREACHABLE',
      message: `There is no network route to ${target.host}.`,
      hint: 'Check your network, VPN and routes to the database subnet; a private endpoint is not reachable from outside its VPC.',
      detail,
    };
  }
  if (code === 'ETIMEDOUT') return { ...diagnoseTimeout({ ...ctx, phase: 'tcp' }), detail };
  if (code !== undefined && UNTRUSTED_CA.has(code)) {
    return {
      code: 'TLS_UNTRUSTED_CA',
      message: `The server's certificate is not signed by a CA in ${dsn.caBundlePath !== '' ? dsn.caBundlePath : 'the trusted CA list'}.`,
      hint: 'Use the RDS CA bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, or your region\'s bundle) as CA bundle. Behind a TLS-intercepting proxy, use the proxy\'s CA.',
      detail: `${code}: ${detail}`,
    };
  }
  if (code !== undefined && CERT_DATES.has(code)) {
    return {
      code: 'TLS_CERT_EXPIRED',
      message: code === 'CERT_HAS_EXPIRED' ? "The server's certificate has expired." : "The server's certificate is not valid yet.",
      hint: "Check this computer's date and time. On RDS, rotate the instance to a current CA (Modify → Certificate authority).",
      detail: `${code}: ${detail}`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      code: 'TLS_NAME_MISMATCH',
      message: `The server's certificate is not valid for ${dsn.server}.`,
      hint: 'Server must be the name in the certificate (the RDS endpoint name). When you connect through a tunnel, keep Server as the endpoint and put the tunnel address in "Connect via".',
      detail,
    };
  }
  if (detail === 'The server does not support SSL connections') return tlsNotSupported(ctx, detail);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /^Connection terminated/.test(detail) || /socket disconnected|socket hang up/i.test(detail)) {
    return {
      code: 'CONNECTION_CLOSED',
      message: `The connection was closed by the other side while ${PHASE_LABEL[phase]}.`,
      hint:
        phase === 'tls'
          ? 'The TLS handshake was cut off: something other than PostgreSQL may listen there, or a proxy or tunnel dropped the connection.'
          : 'The server, a proxy or a tunnel closed the connection. Check the server log; on RDS check the instance status and max_connections.',
      detail,
    };
  }
  if (phase === 'tls' || (code !== undefined && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('ERR_OSSL')))) {
    return {
      code: 'TLS_FAILED',
      message: 'The TLS connection could not be set up.',
      hint: 'Check that the server speaks PostgreSQL with TLS on this port and that the CA bundle is a PEM file of CA certificates.',
      detail: code !== undefined ? `${code}: ${detail}` : detail,
    };
  }
  return { code: 'SERVER_ERROR', message: `The connection failed while ${PHASE_LABEL[phase]}.`, detail: code !== undefined ? `${code}: ${detail}` : detail };
}

function tlsNotSupported(ctx: DiagnosisContext, detail: string): AppError {
  return {
    code: 'TLS_NOT_SUPPORTED',
    message: 'The server does not support SSL connections.',
    hint:
      ctx.dsn.authType === 'iam'
        ? 'IAM authentication needs TLS, and RDS always offers it: check that this address really reaches the RDS endpoint (a tunnel may forward elsewhere).'
        : 'Use sslmode prefer or disable for a server without TLS (the password then travels unencrypted), or enable ssl on the server.',
    detail,
  };
}

function diagnoseServerError(error: DatabaseError, ctx: DiagnosisContext): AppError {
  const { dsn } = ctx;
  const detail = error.message;
  const iam = dsn.authType === 'iam';
  const user = quoteIdent(dsn.user);
  switch (error.code) {
    case '28P01':
      return iam
        ? {
            code: 'PASSWORD_AUTH_FAILED',
            message: `The server refused the IAM token for user ${user}: it checked it as a plain password.`,
            hint: `RDS answers "password authentication failed" when the user is not a member of rds_iam.\n${iamChecklist(dsn, ctx.token)}`,
            detail,
          }
        : {
            code: 'PASSWORD_AUTH_FAILED',
            message: `Password authentication failed for user ${user}.`,
            hint: 'Check the password (enter it again and save) and the user name. If this user logs in with IAM, set Authentication to IAM.',
            detail,
          };
    case '3D000':
      return {
        code: 'DATABASE_NOT_FOUND',
        message: `The database ${quoteIdent(dsn.database)} does not exist on this server.`,
        hint: 'Check the Database field (names are case-sensitive); "postgres" exists on every RDS instance.',
        detail,
      };
    case '57014':
      return { ...diagnoseTimeout({ ...ctx, phase: 'query' }), detail };
    case '53300':
      return { code: 'SERVER_ERROR', message: 'The server has no free connection slots.', hint: 'Too many connections are open: close some, or raise max_connections.', detail };
    case '57P03':
      return { code: 'SERVER_ERROR', message: 'The server is starting up, shutting down or in recovery and takes no connections now.', hint: 'Wait a minute and test again; check the instance status.', detail };
  }
  if (error.code === '28000' || /authentication failed|pg_hba\.conf|does not exist/.test(detail)) {
    if (/pg_hba\.conf/.test(detail)) {
      return {
        code: 'NO_HBA_ENTRY',
        message: 'The server has no access rule (pg_hba.conf) that lets this connection in.',
        hint: ctx.tls
          ? 'The server does not accept this user, database or address. On a self-managed server, add a matching hostssl line to pg_hba.conf.'
          : 'The connection was not encrypted and the server accepts this login only over TLS (on RDS: rds.force_ssl = 1, and IAM users always need TLS). Use sslmode require.',
        detail,
      };
    }
    if (/PAM authentication failed/i.test(detail) || (iam && error.code === '28000' && !/role .* does not exist/.test(detail))) {
      return iam
        ? { code: 'PAM_AUTH_FAILED', message: `The server refused the IAM token for user ${user} (PAM authentication failed).`, hint: iamChecklist(dsn, ctx.token), detail }
        : {
            code: 'PAM_AUTH_FAILED',
            message: `PAM authentication failed for user ${user}.`,
            hint: 'The server checks this user by PAM: on RDS that means the user is in rds_iam and must log in with an IAM token. Set Authentication to IAM, or revoke rds_iam from the user.',
            detail,
          };
    }
    if (/role .* does not exist/.test(detail)) {
      return {
        code: 'ROLE_NOT_FOUND',
        message: `The database user ${user} does not exist.`,
        hint: `Check the User name (case-sensitive), or create the user: CREATE USER ${user};${iam ? ` GRANT rds_iam TO ${user};` : ''}`,
        detail,
      };
    }
  }
  return {
    code: 'SERVER_ERROR',
    message: `The server reported an error while ${PHASE_LABEL[ctx.phase]}${error.code !== undefined ? ` (SQLSTATE ${error.code})` : ''}.`,
    hint: error.hint,
    detail,
  };
}
