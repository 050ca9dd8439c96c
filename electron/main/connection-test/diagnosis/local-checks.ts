/**
 * Checks we can run on this computer when the server refuses an IAM token (RDS only says "PAM
 * authentication failed"): the token's age against its expiry, its region against the endpoint
 * name, the host and port it is signed for against the server's certificate and the socket, and
 * the clock. Everything shown here is read from the token's non-secret fields, never the signature.
 */
import type { TokenFacts } from '../../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../../shared/dsn';
import { signingHost } from '../../../../shared/host';
import { regionFromEndpoint } from '../../../../shared/region';
import type { FixAction } from '../../../../shared/result';
import { maskAccessKeyId } from '../../credentials/describe';
import { certNameMatches } from '../cert-facts';

/** The non-secret fields of an RDS IAM token (a SigV4 presigned `connect` URL without scheme). */
export interface TokenClaims {
  host: string;
  port: number;
  region: string;
  /** X-Amz-Date, ms since the epoch. */
  signedAt: number;
  /** X-Amz-Expires, seconds. */
  expiresInSeconds: number;
  /** The access key id that signed it (not a secret); '' when the token does not say. */
  accessKeyId: string;
  /** The token carries X-Amz-Security-Token (temporary credentials). */
  hasSessionToken: boolean;
}

/** Reads {@link TokenClaims} from a token; undefined when it is not shaped like one. */
export function parseTokenClaims(token: string): TokenClaims | undefined {
  const slash = token.indexOf('/?');
  if (slash <= 0) return undefined;
  const hostPort = token.slice(0, slash);
  const colon = hostPort.lastIndexOf(':');
  const port = Number(hostPort.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port)) return undefined;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(token.slice(slash + 2));
  } catch {
    return undefined;
  }
  const credential = params.get('X-Amz-Credential')?.split('/');
  const region = credential?.[2];
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get('X-Amz-Date') ?? '');
  const expires = Number(params.get('X-Amz-Expires'));
  if (region === undefined || date === null || !Number.isInteger(expires)) return undefined;
  const [, y, mo, d, h, mi, s] = date.map(Number);
  const signedAt = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return { host: hostPort.slice(0, colon), port, region, signedAt, expiresInSeconds: expires, accessKeyId: credential?.[0] ?? '', hasSessionToken: params.has('X-Amz-Security-Token') };
}

/** `problem`: found a cause; `ok`: ruled out; `check`: cannot be told from here, worth a look. */
export type CheckStatus = 'ok' | 'problem' | 'check';

/** One check's outcome, in words. */
export interface LocalCheck {
  status: CheckStatus;
  text: string;
  /** For problems: the cause in a few words, for the one-line message. */
  cause?: string | undefined;
  /** For problems the app can fix itself: the report's primary action (Set Region to …). */
  action?: FixAction | undefined;
}

/** What the local checks look at. */
export interface LocalCheckInput {
  dsn: Dsn;
  claims?: TokenClaims | undefined;
  token?: TokenFacts | undefined;
  /** This computer's time, ms. */
  now: number;
  /** A time the server reported (in an error text), when it did. */
  serverTime?: number | undefined;
  /** Names in the server's certificate, when the TLS handshake of this attempt got that far. */
  certNames?: string[] | undefined;
}

/** How far a token may be dated in the future before RDS refuses it (SigV4 allows 5 minutes). */
const MAX_FUTURE_MS = 5 * 60_000;

/** `1 h 2 min`, `3 min 20 s`, `42 s`. */
export function humanDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function tokenTimeCheck(claims: TokenClaims, now: number): LocalCheck {
  const expiresAt = claims.signedAt + claims.expiresInSeconds * 1000;
  if (claims.signedAt > now + MAX_FUTURE_MS) {
    return {
      status: 'problem',
      cause: 'the token is dated in the future',
      text: `The token is dated ${iso(claims.signedAt)}, ${humanDuration(claims.signedAt - now)} ahead of this computer's clock (${iso(now)}): the clock that signed it is wrong.`,
    };
  }
  if (now > expiresAt) {
    return {
      status: 'problem',
      cause: `the token expired ${humanDuration(now - expiresAt)} ago`,
      text: `The token was signed at ${iso(claims.signedAt)} (${humanDuration(now - claims.signedAt)} ago) and expired at ${iso(expiresAt)} (valid ${claims.expiresInSeconds} s): the clock that signed it is behind, or the token is stale. Test again to sign a new one, and check the clock.`,
    };
  }
  return { status: 'ok', text: `The token was signed at ${iso(claims.signedAt)} (${humanDuration(now - claims.signedAt)} ago) and is valid until ${iso(expiresAt)}.` };
}

function regionCheck(dsn: Dsn, region: string, certNames: string[] | undefined): LocalCheck {
  const fromName = regionFromEndpoint(dsn.server);
  // A custom DNS name (CNAME) hides the region; the RDS certificate still names the endpoint.
  const fromCert = fromName === undefined ? certNames?.map((n) => regionFromEndpoint(n.replace(/^[A-Za-z ]+:/, '').replace(/^\*\./, 'x.'))).find((r) => r !== undefined) : undefined;
  const endpointRegion = fromName ?? fromCert;
  const where = fromName !== undefined ? `the endpoint name ${dsn.server} says` : "the server certificate's names say";
  if (endpointRegion === undefined) {
    return { status: 'check', text: `The token is signed for region ${region}; ${dsn.server} is not an RDS endpoint name, so its region cannot be read from it: make sure ${region} is the database's region.` };
  }
  if (endpointRegion !== region) {
    return {
      status: 'problem',
      cause: `the token is signed for region ${region}, the endpoint is in ${endpointRegion}`,
      action: { kind: 'set-field', field: 'region', value: endpointRegion, label: `Set Region to ${endpointRegion}` },
      text: `The token is signed for region ${region}, but ${where} ${endpointRegion}: set Region to ${endpointRegion}.`,
    };
  }
  const source = fromName !== undefined ? `the endpoint name ${dsn.server}` : "the server certificate's names";
  return { status: 'ok', text: `The token's region ${region} matches ${source}.` };
}

function hostCheck(dsn: Dsn, claims: TokenClaims | undefined, token: TokenFacts | undefined, certNames: string[] | undefined): LocalCheck[] {
  const signedFor = claims !== undefined ? `${claims.host}:${claims.port}` : (token?.signedFor ?? `${signingHost(dsn.server)}:${dsn.port}`);
  const host = claims?.host ?? signingHost(dsn.server);
  const checks: LocalCheck[] = [];
  // The token must be signed for the normalised name (shared/host.ts), exactly: RDS compares it so.
  if (signedFor !== `${signingHost(dsn.server)}:${dsn.port}`) {
    checks.push({ status: 'problem', cause: `the token is signed for ${signedFor}`, text: `The token is signed for ${signedFor}, but Server and Port say ${dsn.server}:${dsn.port}.` });
  }
  if (certNames !== undefined && certNames.length > 0) {
    const shown = certNames.slice(0, 6).join(', ');
    if (certNames.some((n) => certNameMatches(n, host))) {
      checks.push({ status: 'ok', text: `The server's certificate is issued for ${host}, the host the token is signed for (${shown}).` });
    } else {
      checks.push({
        status: 'problem',
        cause: `the token is signed for ${host}, which the server's certificate does not name`,
        text: `The token is signed for ${host}, but the server's certificate names ${shown}: the token must be signed for the endpoint name RDS knows. Put that name in Server (and a tunnel address in "Connect via").`,
      });
    }
  }
  const target = socketTarget(dsn);
  if (dsn.connectViaHost !== '') {
    checks.push({
      status: 'check',
      text: `The token is signed for port ${claims?.port ?? dsn.port}; you connect via ${target.host}:${target.port}. RDS compares the token's port with the port it listens on itself, so Port must be the endpoint's port (usually 5432), not the tunnel's, and the tunnel must forward to that endpoint.`,
    });
  } else {
    checks.push({ status: 'ok', text: `The token is signed for the host and port the connection went to (${target.host}:${target.port}).` });
  }
  return checks;
}

/** A temporary key (ASIA…) signs a token AWS refuses unless its session token signs along. */
function sessionTokenCheck(claims: TokenClaims): LocalCheck | undefined {
  if (!claims.accessKeyId.startsWith('ASIA') || claims.hasSessionToken) return undefined;
  return {
    status: 'problem',
    cause: 'a temporary access key (ASIA…) signed without its session token: temporary keys need AWS_SESSION_TOKEN',
    text: `The token is signed with the temporary access key ${maskAccessKeyId(claims.accessKeyId)} but without a session token: temporary keys need AWS_SESSION_TOKEN (or the Session token field) beside AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
  };
}

function clockCheck(now: number, serverTime: number | undefined): LocalCheck {
  if (serverTime !== undefined && Math.abs(serverTime - now) > MAX_FUTURE_MS) {
    return {
      status: 'problem',
      cause: "this computer's clock is off",
      text: `The server's time (${iso(serverTime)}) and this computer's (${iso(now)}) differ by ${humanDuration(serverTime - now)}: fix this computer's clock (enable network time).`,
    };
  }
  return {
    status: 'check',
    text: `This computer's clock says ${iso(now)} (UTC), and tokens are dated by it: compare with an accurate clock (e.g. \`date -u\` on a server); a few minutes off makes RDS refuse tokens.`,
  };
}

/** Runs every local check; problems first. */
export function localChecks(input: LocalCheckInput): LocalCheck[] {
  const { dsn, claims, token, now } = input;
  const checks: LocalCheck[] = [];
  if (claims !== undefined) checks.push(tokenTimeCheck(claims, now));
  const session = claims === undefined ? undefined : sessionTokenCheck(claims);
  if (session !== undefined) checks.push(session);
  checks.push(regionCheck(dsn, claims?.region ?? token?.region ?? dsn.region, input.certNames));
  checks.push(...hostCheck(dsn, claims, token, input.certNames));
  checks.push(clockCheck(now, input.serverTime));
  const rank: Record<CheckStatus, number> = { problem: 0, check: 1, ok: 2 };
  return checks.map((c, i) => ({ c, i })).sort((a, b) => rank[a.c.status] - rank[b.c.status] || a.i - b.i).map(({ c }) => c);
}

const MARK: Record<CheckStatus, string> = { problem: '✘', check: '?', ok: '✔' };

/** The checks as lines for a hint. */
export function formatLocalChecks(checks: readonly LocalCheck[]): string {
  return ['Checked on this computer:', ...checks.map((c) => `${MARK[c.status]} ${c.text}`)].join('\n');
}

/** A time stated in server text (ISO 8601 with a zone, or an HTTP date), if any. */
export function timeInText(text: string): number | undefined {
  const match = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)\b|\b[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b/.exec(text);
  if (match === null) return undefined;
  const text0 = /^\d/.test(match[0]) ? match[0].replace(' ', 'T') : match[0];
  const t = Date.parse(text0);
  return Number.isNaN(t) ? undefined : t;
}
