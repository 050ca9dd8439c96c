/**
 * Diagnoses of failures below PostgreSQL: DNS, TCP, timeouts and TLS (with what the server's
 * certificate says: its names, issuer and validity). Server answers are in diagnosis.ts.
 */
import type tls from 'node:tls';
import type { PhaseName, TokenFacts } from '../../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { certFacts, certNames, type PeerCertFacts } from '../cert-facts';
import type { TokenClaims } from './local-checks';

/** What the diagnosis needs to know about the attempt. */
export interface DiagnosisContext {
  dsn: Dsn;
  /** The phase that was running when it failed. */
  phase: PhaseName;
  /** Facts of the IAM token in use, if any. */
  token?: TokenFacts | undefined;
  /** Whether this attempt used TLS. */
  tls: boolean;
  /** This computer's time (ms); defaults to Date.now(). */
  now?: number | undefined;
  /** The server's certificate, when the handshake (or an inspection handshake) got it. */
  peerCert?: PeerCertFacts | undefined;
  /** The non-secret fields of the token sent (see local-checks.ts). */
  claims?: TokenClaims | undefined;
}

/** What each phase is doing, in words ("while …"). */
export const PHASE_LABEL: Record<PhaseName, string> = {
  sign: 'signing the IAM token',
  'ssh-connect': 'connecting to the SSH bastion',
  'host-key': "checking the bastion's host key",
  'ssh-auth': 'logging in to the SSH bastion',
  forward: 'opening the forward through the bastion',
  tcp: 'opening the TCP connection',
  tls: 'setting up TLS',
  auth: 'logging in',
  query: 'running the test query',
};

/** Certificate-chain errors that mean "not signed by a CA you trust". */
export const UNTRUSTED_CA = new Set([
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
/** Certificate validity errors. */
export const CERT_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** The `code` of an OS / Node error, if it has one. */
export function errorCode(error: unknown): string | undefined {
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

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The AppError for a connect (tcp/tls/auth) or query deadline that passed. */
export function diagnoseTimeout(ctx: DiagnosisContext): AppError {
  const { dsn, phase } = ctx;
  if (phase === 'query') {
    return {
      code: 'QUERY_TIMEOUT',
      message: `The test query did not finish within ${dsn.queryTimeoutSeconds} s (query phase).`,
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
    message: `No answer from ${targetOf(dsn)} within ${dsn.connectTimeoutSeconds} s, while ${PHASE_LABEL[phase]} (${phase} phase).`,
    hint: hints[phase],
  };
}

function describeCert(cert: PeerCertFacts): string {
  const names = certNames(cert);
  const validity = cert.validFrom !== undefined && cert.validTo !== undefined ? `, valid ${cert.validFrom} to ${cert.validTo}` : '';
  return `The server's certificate: ${cert.subject}${names.length > 0 ? ` (names ${names.join(', ')})` : ''}, issued by ${cert.issuer}${validity}.`;
}

function untrustedCa(ctx: DiagnosisContext, code: string, detail: string): AppError {
  const { dsn, peerCert } = ctx;
  const bundle = dsn.caBundlePath !== '' ? dsn.caBundlePath : 'the trusted CA list';
  const lines = [
    "Use the RDS CA bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, or your region's bundle) as CA bundle. Behind a TLS-intercepting proxy, use the proxy's CA.",
  ];
  if (peerCert !== undefined) lines.unshift(describeCert(peerCert));
  return {
    code: 'TLS_UNTRUSTED_CA',
    message:
      peerCert !== undefined
        ? `The server's certificate is issued by ${peerCert.issuer}, which is not a CA in ${bundle}.`
        : `The server's certificate is not signed by a CA in ${bundle}.`,
    hint: lines.join('\n'),
    detail: `${code}: ${detail}`,
  };
}

function certDates(ctx: DiagnosisContext, code: string, detail: string): AppError {
  const now = ctx.now ?? Date.now();
  const cert = ctx.peerCert;
  const expired = code === 'CERT_HAS_EXPIRED';
  const when = expired ? cert?.validTo : cert?.validFrom;
  const message =
    when !== undefined
      ? `The server's certificate ${expired ? 'expired on' : 'is only valid from'} ${when}; this computer's clock says ${utc(now)}.`
      : expired
        ? "The server's certificate has expired."
        : "The server's certificate is not valid yet.";
  const lines = [
    `Check this computer's date and time (now ${utc(now)} UTC): a wrong clock makes valid certificates look ${expired ? 'expired' : 'not yet valid'}.`,
    'If the clock is right, the server needs a current certificate: on RDS, modify the instance and choose a current certificate authority (e.g. rds-ca-rsa2048-g1).',
  ];
  if (cert !== undefined) lines.unshift(describeCert(cert));
  return { code: 'TLS_CERT_EXPIRED', message, hint: lines.join('\n'), detail: `${code}: ${detail}` };
}

function nameMismatch(error: unknown, ctx: DiagnosisContext, detail: string): AppError {
  const { dsn } = ctx;
  const fromError = typeof error === 'object' && error !== null && 'cert' in error ? certFacts(error.cert as tls.PeerCertificate) : undefined;
  const cert = fromError ?? ctx.peerCert;
  const names = cert !== undefined ? certNames(cert) : [];
  return {
    code: 'TLS_NAME_MISMATCH',
    message:
      names.length > 0
        ? `The server's certificate is for ${names.join(', ')}, not for ${dsn.server} (the Server field).`
        : `The server's certificate is not valid for ${dsn.server}.`,
    hint: [
      `Expected a certificate for ${dsn.server}${names.length > 0 ? `; the server presented one for ${names.join(', ')}` : ''}.`,
      'Server must be the name in the certificate (the RDS endpoint name). When you connect through a tunnel, keep Server as the endpoint and put the tunnel address in "Connect via". A different name may also mean the connection reaches another server than you think.',
    ].join('\n'),
    detail,
  };
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

/** The AppError for an OS, TLS or pg client error (anything but a server's ErrorResponse). */
export function diagnoseClientError(error: unknown, ctx: DiagnosisContext): AppError {
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
  if (code !== undefined && UNTRUSTED_CA.has(code)) return untrustedCa(ctx, code, detail);
  if (code !== undefined && CERT_DATES.has(code)) return certDates(ctx, code, detail);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return nameMismatch(error, ctx, detail);
  if (detail === 'The server does not support SSL connections') return tlsNotSupported(ctx, detail);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /^Connection terminated/.test(detail) || /socket disconnected|socket hang up/i.test(detail)) {
    return {
      code: 'CONNECTION_CLOSED',
      message: `The connection was closed by the other side while ${PHASE_LABEL[phase]} (${phase} phase).`,
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

/** True for TLS verification failures whose diagnosis improves with the server's certificate. */
export function wantsCertificate(appErrorCode: string): boolean {
  return appErrorCode === 'TLS_UNTRUSTED_CA' || appErrorCode === 'TLS_CERT_EXPIRED';
}
