/**
 * libpq connection strings (URI and keyword/value) from a DSN, and the `uri` and `keyword` exports.
 * Pure functions: the caller decides whether a secret goes in.
 */
import type { Dsn } from '../dsn';
import type { ExportOutput } from '../export-types';
import {
  embeddedNote,
  embeddedSecret,
  type ExportOptions,
  isIpv6Literal,
  libpqSslNotes,
  libpqTunnelNotes,
  planSecret,
  stripBrackets,
  testedSslMode,
  tunnelPlan,
} from './common';
import { recipeCommand, recipeCredentialNote } from './credentials';
import { percentEncode, quoteKeywordValue } from './quoting';

export { percentEncode, quoteKeywordValue } from './quoting';

/**
 * Key/value pairs in libpq's order of importance; options without a value are left out.
 * `host` stays the server name (TLS name, .pgpass lookup); `hostaddr` sends the socket to a tunnel
 * given as an IP address; `port` is the port the socket goes to.
 */
export function libpqParams(dsn: Dsn, secret?: string): Array<[string, string]> {
  const tunnel = tunnelPlan(dsn);
  const params: Array<[string, string | undefined]> = [
    ['host', stripBrackets(dsn.server)],
    ['hostaddr', tunnel.hostaddr],
    ['port', String(tunnel.port)],
    ['dbname', dsn.database],
    ['user', dsn.user],
    ['password', secret],
    ['sslmode', testedSslMode(dsn)],
    ['sslrootcert', dsn.caBundlePath !== '' ? dsn.caBundlePath : undefined],
    ['connect_timeout', String(dsn.connectTimeoutSeconds)],
  ];
  return params.filter((p): p is [string, string] => p[1] !== undefined);
}

/** `host=… port=… dbname=…` with each value quoted for libpq. */
export function toKeywordValue(dsn: Dsn, secret?: string): string {
  return libpqParams(dsn, secret)
    .map(([k, v]) => `${k}=${quoteKeywordValue(v)}`)
    .join(' ');
}

/** `postgresql://user[:secret]@host:port/dbname?sslmode=…` with every part percent-encoded. */
export function toUri(dsn: Dsn, secret?: string): string {
  const params = new Map(libpqParams(dsn, secret));
  const auth = percentEncode(dsn.user) + (secret !== undefined ? `:${percentEncode(secret)}` : '');
  const host = isIpv6Literal(dsn.server) ? `[${stripBrackets(dsn.server)}]` : percentEncode(dsn.server);
  const query = [...params]
    .filter(([k]) => !['host', 'port', 'dbname', 'user', 'password'].includes(k))
    .map(([k, v]) => `${k}=${percentEncode(v)}`)
    .join('&');
  return `postgresql://${auth}@${host}:${params.get('port') ?? dsn.port}/${percentEncode(dsn.database)}${query ? `?${query}` : ''}`;
}

/** The notes of every libpq string: credentials, tunnel, TLS. */
export function libpqNotes(dsn: Dsn, options: ExportOptions): { notes: string[]; secret: string | undefined; expiresAt: string | undefined } {
  const notes: string[] = [];
  const plan = planSecret(dsn, options, notes);
  recipeCredentialNote(dsn, plan, notes);
  if (plan.mode === 'recipe') {
    notes.push(`Set PGPASSWORD to a fresh token before connecting: export PGPASSWORD="$(${recipeCommand(dsn, plan.profile)})"`);
  }
  if (plan.mode === 'none') {
    notes.push('No password is included: libpq takes it from PGPASSWORD or ~/.pgpass, or the tool asks for it.');
  }
  embeddedNote(plan, notes);
  libpqTunnelNotes(dsn, notes);
  libpqSslNotes(dsn, notes);
  return { notes, secret: embeddedSecret(plan), expiresAt: plan.mode === 'embedded' ? plan.expiresAt : undefined };
}

/** The `uri` export: a libpq URI. */
export function exportUri(dsn: Dsn, options: ExportOptions): ExportOutput {
  const { notes, secret, expiresAt } = libpqNotes(dsn, options);
  return { format: 'uri', text: toUri(dsn, secret), containsSecret: secret !== undefined, tokenExpiresAt: expiresAt, notes };
}

/** The `keyword` export: a libpq keyword/value string. */
export function exportKeyword(dsn: Dsn, options: ExportOptions): ExportOutput {
  const { notes, secret, expiresAt } = libpqNotes(dsn, options);
  return { format: 'keyword', text: toKeywordValue(dsn, secret), containsSecret: secret !== undefined, tokenExpiresAt: expiresAt, notes };
}
