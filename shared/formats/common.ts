/**
 * What every export format shares: the options, which secret (if any) goes in, where the socket
 * goes, and the notes that explain the output. The token recipe is in `./credentials`.
 */
import { type Dsn, socketTarget } from '../dsn';
import { networkOf } from '../network';
import { isIpAddress } from '../host';

/** A secret the caller chose to put into the output. */
export interface ExportSecret {
  /** `token` for an IAM DSN (a signed token), `password` for a database-auth DSN. */
  kind: 'token' | 'password';
  value: string;
  /** ISO time when a token stops working. */
  expiresAt?: string | undefined;
}

/** Options of {@link exportDsn}: without a secret, an IAM export is a recipe that makes its own token. */
export interface ExportOptions {
  secret?: ExportSecret | undefined;
  /** AWS profile for the token recipe; defaults to the DSN's credential source. */
  profile?: string | undefined;
}

/** How the credential appears in an export. */
export type SecretPlan =
  /** IAM, no token: the output makes its own token where it is used. */
  | { mode: 'recipe'; profile: string | undefined }
  /** IAM with a token, or database auth with a password: the value is embedded. */
  | { mode: 'embedded'; kind: 'token' | 'password'; value: string; expiresAt: string | undefined; profile: string | undefined }
  /** Database auth without a password: the tool asks for it (prompt, PGPASSWORD, .pgpass). */
  | { mode: 'none'; profile: string | undefined };

/** Decides how the secret travels; a secret of the wrong kind or one holding NUL is left out with a note. */
export function planSecret(dsn: Dsn, options: ExportOptions, notes: string[]): SecretPlan {
  const profile = profileFor(dsn, options);
  const wanted = dsn.authType === 'iam' ? 'token' : 'password';
  const secret = options.secret;
  if (secret !== undefined && secret.value !== '') {
    if (secret.kind !== wanted) {
      notes.push(`A ${secret.kind} was given for a DSN with ${dsn.authType === 'iam' ? 'IAM' : 'database'} authentication; it was left out.`);
    } else if (secret.value.includes('\0')) {
      notes.push(`The ${secret.kind} holds a NUL character, which no connection string can carry; it was left out.`);
    } else {
      return { mode: 'embedded', kind: secret.kind, value: secret.value, expiresAt: secret.kind === 'token' ? secret.expiresAt : undefined, profile };
    }
  }
  return dsn.authType === 'iam' ? { mode: 'recipe', profile } : { mode: 'none', profile };
}

/** The AWS profile that signs tokens: the option, else the DSN's named profile, else none (default chain). */
export function profileFor(dsn: Dsn, options: ExportOptions): string | undefined {
  if (options.profile !== undefined && options.profile !== '') return options.profile;
  return dsn.credentialSource.kind === 'profile' ? dsn.credentialSource.profile : undefined;
}

/** The embedded secret's value, or `undefined`. */
export function embeddedSecret(plan: SecretPlan): string | undefined {
  return plan.mode === 'embedded' ? plan.value : undefined;
}



/** Where the socket goes, and how a libpq-based tool can say so. */
export interface TunnelPlan {
  /** A tunnel is set. */
  via: boolean;
  /** The tunnel host without IPv6 brackets. */
  host: string;
  port: number;
  /** The tunnel is an IP address, so libpq's `hostaddr` can carry it. */
  hostaddr: string | undefined;
}

/** The tunnel of a DSN (or the server itself when there is none). */
export function tunnelPlan(dsn: Dsn): TunnelPlan {
  const target = socketTarget(dsn);
  const host = stripBrackets(target.host);
  const via = networkOf(dsn).kind !== 'direct';
  return { via, host, port: target.port, hostaddr: via && isIpAddress(host) ? host : undefined };
}

/** `[::1]` → `::1`; anything else unchanged. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for an IPv6 literal, bracketed or not. */
export function isIpv6Literal(host: string): boolean {
  return stripBrackets(host).includes(':');
}

/** Notes shared by the libpq-based formats (uri, keyword, psql, env, pgpass, odbc-community). */
export function libpqTunnelNotes(dsn: Dsn, notes: string[]): void {
  const t = tunnelPlan(dsn);
  if (!t.via) return;
  if (t.hostaddr !== undefined) {
    notes.push(
      `Connects through ${t.hostaddr} port ${t.port} (hostaddr) while host stays ${dsn.server}, the name TLS and .pgpass use; an IAM token is still signed for ${dsn.server}:${dsn.port}.`,
    );
  } else {
    notes.push(
      `libpq cannot connect to the host name ${t.host} while presenting ${dsn.server}: hostaddr takes only an IP address, so this string goes to ${dsn.server} port ${t.port}. ` +
        `Forward a local port instead, e.g. \`ssh -N -L ${t.port}:${dsn.server}:${dsn.port} <user>@${t.host}\`, and set Connect via to 127.0.0.1 port ${t.port}, or put the tunnel's IP address in Connect via.`,
    );
  }
}

/** The sslmodes an export can write: the DSN's own, plus verify-ca / verify-full for a CA bundle. */
export type ExportSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/**
 * The sslmode that says what the connection test does. IAM tokens go only over TLS (the test never
 * sends one in plaintext), so an IAM DSN's allow and prefer act as require. With a CA bundle the
 * test checks the chain and the server name, which is libpq's verify-full (require with a root
 * certificate would be verify-ca). Database authentication with prefer or allow stays as it is.
 */
export function testedSslMode(dsn: Dsn): ExportSslMode {
  const mode = dsn.authType === 'iam' && dsn.sslMode !== 'disable' ? 'require' : dsn.sslMode;
  return mode === 'require' && dsn.caBundlePath !== '' ? 'verify-full' : mode;
}

/**
 * The sslmode for a client whose certificate name check is against `checkedName` (the host it
 * dials). Through a tunnel that name is not the server's, so verify-full would refuse a server the
 * test accepted: such a client gets verify-ca, and a note says plainly what it does not check.
 */
export function clientSslMode(dsn: Dsn, checkedName: string, client: string, notes: string[]): ExportSslMode {
  const mode = testedSslMode(dsn);
  if (mode !== 'verify-full' || stripBrackets(checkedName) === stripBrackets(dsn.server)) return mode;
  notes.push(
    `sslmode=verify-ca: ${client} checks the certificate's name against ${stripBrackets(checkedName)} (the tunnel), not ${dsn.server}, so only the chain to ${dsn.caBundlePath} is checked here; the app's test also checked the name.`,
  );
  return 'verify-ca';
}

/** Notes on TLS shared by the libpq-based formats (whose `host` is always the server's name). */
export function libpqSslNotes(dsn: Dsn, notes: string[]): void {
  const mode = testedSslMode(dsn);
  if (mode === 'verify-full') {
    notes.push(`sslmode=verify-full: the server certificate must chain to ${dsn.caBundlePath} and name ${dsn.server}, as the app's test checks it.`);
  } else if (dsn.caBundlePath !== '') {
    notes.push(`sslrootcert is set, but sslmode=${mode} does not verify the server certificate.`);
  } else if (mode === 'require') {
    notes.push('Encrypted, but the server certificate is not verified (no CA bundle): set one, e.g. the RDS global-bundle.pem, to verify the server.');
  }
  if (dsn.authType === 'iam' && (dsn.sslMode === 'prefer' || dsn.sslMode === 'allow')) {
    notes.push(`sslmode=require, though the DSN says ${dsn.sslMode}: an IAM token is only ever sent over TLS, so the test required TLS too.`);
  }
}

/** The note for an embedded token or password. */
export function embeddedNote(plan: SecretPlan, notes: string[]): void {
  if (plan.mode !== 'embedded') return;
  if (plan.kind === 'token') {
    notes.push(
      `Contains an IAM token${plan.expiresAt !== undefined ? ` valid until ${plan.expiresAt}` : ''}: treat it as a password. A new connection after that needs a new token; an open connection stays up.`,
    );
  } else {
    notes.push('Contains the database password: keep it out of shared files and shell history.');
  }
}
