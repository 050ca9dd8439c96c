/**
 * libpq connection strings (URI and keyword/value) from a DSN. Pure functions: the caller decides
 * whether a secret goes in.
 */
import { type Dsn, socketTarget } from './dsn';
import { isIpAddress } from './host';

/** Key/value pairs in libpq's order of importance; `undefined` values are left out. */
export function libpqParams(dsn: Dsn, secret?: string): Array<[string, string]> {
  const target = socketTarget(dsn);
  const params: Array<[string, string | undefined]> = [
    // host stays the server name (TLS name, .pgpass lookup); hostaddr sends the socket to the tunnel.
    ['host', dsn.server],
    ['hostaddr', dsn.connectViaHost !== '' && isIpAddress(dsn.connectViaHost) ? stripBrackets(dsn.connectViaHost) : undefined],
    ['port', String(target.port)],
    ['dbname', dsn.database],
    ['user', dsn.user],
    ['password', secret],
    ['sslmode', dsn.sslMode],
    ['sslrootcert', dsn.caBundlePath !== '' ? dsn.caBundlePath : undefined],
    ['connect_timeout', String(dsn.connectTimeoutSeconds)],
  ];
  return params.filter((p): p is [string, string] => p[1] !== undefined);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Quotes a keyword/value value: single quotes when needed, with `\` and `'` escaped. */
export function quoteKeywordValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `host=… port=… dbname=…` */
export function toKeywordValue(dsn: Dsn, secret?: string): string {
  return libpqParams(dsn, secret)
    .map(([k, v]) => `${k}=${quoteKeywordValue(v)}`)
    .join(' ');
}

/** Percent-encodes every byte outside RFC 3986 unreserved characters. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
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

function isIpv6Literal(host: string): boolean {
  return stripBrackets(host).includes(':');
}
