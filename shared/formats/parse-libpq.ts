/**
 * Parsers for libpq connection strings that follow libpq's own code (`conninfo_parse` and
 * `conninfo_uri_parse_options` in fe-connect.c) step by step, so that a string means here what it
 * means to libpq. Differences: errors name the part and its position, and unknown keywords are
 * returned (libpq rejects them) so that the caller can explain them.
 */
import { type Parsed, unparsed } from '../result';

/** One `keyword = value` as libpq stores it, with the 1-based position where it starts. */
export interface LibpqPair {
  key: string;
  value: string;
  position: number;
}

/** A parse result: the pairs in order (a later pair overrides an earlier one), or a message. */
export type LibpqParse = Parsed<LibpqPair[]>;

/** Keywords libpq knows (PostgreSQL 18); an older libpq rejects the newest ones. */
export const LIBPQ_KEYWORDS: ReadonlySet<string> = new Set([
  'service', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout', 'dbname', 'host', 'hostaddr', 'port',
  'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'sslmode', 'sslnegotiation', 'sslcompression', 'sslcert',
  'sslkey', 'sslcertmode', 'sslpassword', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer', 'require_auth',
  'min_protocol_version', 'max_protocol_version', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'gssencmode',
  'krbsrvname', 'gsslib', 'gssdelegation', 'replication', 'target_session_attrs', 'load_balance_hosts', 'scram_client_key',
  'scram_server_key', 'oauth_issuer', 'oauth_client_id', 'oauth_client_secret', 'oauth_scope',
]);

/** libpq's `isspace` in the C locale (bytes from 0x80 up are never spaces in a UTF-8 locale either). */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** libpq turns the obsolete `requiressl` into `sslmode` while storing. */
function storePair(pairs: LibpqPair[], key: string, value: string, position: number): void {
  if (key === 'requiressl') pairs.push({ key: 'sslmode', value: value.startsWith('1') ? 'require' : 'prefer', position });
  else pairs.push({ key, value, position });
}

/**
 * Parses a keyword/value string: `key = value` pairs separated by whitespace; a value in single
 * quotes may hold spaces; a backslash escapes the next character, quoted or not.
 */
export function parseKeywordValue(text: string): LibpqParse {
  const pairs: LibpqPair[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const nameStart = i;
    let nameEnd = -1;
    while (i < n) {
      if (text[i] === '=') break;
      if (isSpace(text[i])) {
        nameEnd = i;
        while (i < n && isSpace(text[i])) i++;
        break;
      }
      i++;
    }
    const name = text.slice(nameStart, nameEnd === -1 ? i : nameEnd);
    if (text[i] !== '=') {
      // After a password, the stray text is likely part of it: do not echo it.
      const shown = pairs.at(-1)?.key === 'password' ? 'the text' : `'${name}'`;
      return unparsed(`missing "=" after ${shown} at position ${nameStart + 1} (a value with spaces needs single quotes)`);
    }
    i++;
    while (i < n && isSpace(text[i])) i++;
    let value = '';
    if (text[i] !== "'") {
      while (i < n) {
        const c = text[i] as string;
        if (isSpace(c)) {
          i++;
          break;
        }
        if (c === '\\') {
          i++;
          if (i < n) value += text[i++];
        } else {
          value += c;
          i++;
        }
      }
    } else {
      const quoteAt = i;
      i++;
      for (;;) {
        if (i >= n) return unparsed(`unterminated quote in value of '${name}' at position ${quoteAt + 1}`);
        const c = text[i] as string;
        if (c === '\\') {
          i++;
          if (i < n) value += text[i++];
          continue;
        }
        i++;
        if (c === "'") break;
        value += c;
      }
    }
    if (name === '') return unparsed(`a value without a keyword ("=" at position ${nameStart + 1})`);
    storePair(pairs, name, value, nameStart + 1);
  }
  return { ok: true, value: pairs };
}

/** The length of a libpq URI prefix (`postgresql://` or `postgres://`, lower case), else 0. */
export function uriPrefixLength(text: string): number {
  if (text.startsWith('postgresql://')) return 13;
  if (text.startsWith('postgres://')) return 11;
  return 0;
}

/** Percent-decoding as libpq does it: `%XX` only (no `+`), `%00` refused; the bytes must be UTF-8. */
export function uriDecode(raw: string, what: string): Parsed<string> {
  for (let i = raw.indexOf('%'); i !== -1; i = raw.indexOf('%', i + 1)) {
    if (!/^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) return unparsed(`invalid percent-encoding '${raw.slice(i, i + 3)}' in ${what}`);
    if (raw.slice(i + 1, i + 3) === '00') return unparsed(`%00 (NUL) is not allowed in ${what}`);
  }
  try {
    return { ok: true, value: decodeURIComponent(raw) };
  } catch {
    return unparsed(`the percent-encoded bytes in ${what} are not valid UTF-8`);
  }
}

/**
 * Parses `postgresql://[user[:password]@][host][:port][,…][/dbname][?param=value&…]`. Like libpq,
 * it has no `#fragment`, does not decode `+`, and takes `ssl=true` for `sslmode=require`.
 */
export function parseLibpqUri(text: string): LibpqParse {
  const start = uriPrefixLength(text);
  if (start === 0) return unparsed('a libpq URI starts with postgresql:// or postgres://');
  const n = text.length;
  const pairs: LibpqPair[] = [];
  const store = (key: string, raw: string, position: number, what: string): string | undefined => {
    const decoded = uriDecode(raw, what);
    if (!decoded.ok) return decoded.message;
    storePair(pairs, key, decoded.value, position);
    return undefined;
  };
  let p = start;
  let q = p;
  while (q < n && text[q] !== '@' && text[q] !== '/') q++;
  if (text[q] === '@') {
    let u = p;
    while (text[u] !== ':' && text[u] !== '@') u++;
    const user = text.slice(p, u);
    if (user !== '') {
      const e = store('user', user, p + 1, 'the user name');
      if (e) return unparsed(e);
    }
    if (text[u] === ':') {
      const pw = u + 1;
      u = text.indexOf('@', pw);
      const password = text.slice(pw, u);
      if (password !== '') {
        const e = store('password', password, pw + 1, 'the password');
        if (e) return unparsed(e);
      }
    }
    p = u + 1;
  }
  const hostStart = p;
  let hosts = '';
  let ports = '';
  let prev: string;
  for (;;) {
    let host: string;
    if (text[p] === '[') {
      const hs = ++p;
      while (p < n && text[p] !== ']') p++;
      if (p >= n) return unparsed(`no "]" closes the IPv6 address at position ${hs}`);
      if (p === hs) return unparsed(`empty IPv6 address at position ${hs}`);
      host = text.slice(hs, p);
      p++;
      if (p < n && !':/?,'.includes(text[p] as string)) {
        return unparsed(`unexpected character '${text[p]}' at position ${p + 1} after the IPv6 address (expected ":" or "/")`);
      }
    } else {
      const hs = p;
      while (p < n && !':/?,'.includes(text[p] as string)) p++;
      host = text.slice(hs, p);
    }
    prev = text[p] ?? '';
    hosts += host;
    if (prev === ':') {
      const ps = ++p;
      while (p < n && !'/?,'.includes(text[p] as string)) p++;
      prev = text[p] ?? '';
      ports += text.slice(ps, p);
    }
    if (prev !== ',') break;
    p++;
    hosts += ',';
    ports += ',';
  }
  if (hosts !== '') {
    const e = store('host', hosts, hostStart + 1, 'the host');
    if (e) return unparsed(e);
  }
  if (ports !== '') {
    const e = store('port', ports, hostStart + 1, 'the port');
    if (e) return unparsed(e);
  }
  if (prev !== '' && prev !== '?') {
    const ds = ++p;
    while (p < n && text[p] !== '?') p++;
    prev = text[p] ?? '';
    const dbname = text.slice(ds, p);
    if (dbname !== '') {
      const e = store('dbname', dbname, ds + 1, 'the database name');
      if (e) return unparsed(e);
    }
  }
  if (prev === '?') {
    const e = parseUriParams(text, p + 1, pairs);
    if (e) return unparsed(e);
  }
  return { ok: true, value: pairs };
}

/** The `?key=value&…` part, from `from` to the end; returns an error message or `undefined`. */
function parseUriParams(text: string, from: number, pairs: LibpqPair[]): string | undefined {
  const n = text.length;
  let p = from;
  while (p < n) {
    const ks = p;
    let ke = -1;
    for (;;) {
      const c = text[p];
      if (c === '=') {
        if (ke !== -1) return `a second "=" in the URI parameter '${text.slice(ks, ke)}' at position ${p + 1}`;
        ke = p;
        p++;
      } else if (c === '&' || c === undefined) {
        if (ke === -1) return `the URI parameter '${text.slice(ks, p)}' at position ${ks + 1} has no "="`;
        break;
      } else {
        p++;
      }
    }
    const key = uriDecode(text.slice(ks, ke), `the URI parameter name at position ${ks + 1}`);
    if (!key.ok) return key.message;
    const value = uriDecode(text.slice(ke + 1, p), `the value of '${key.value}'`);
    if (!value.ok) return value.message;
    if (key.value === 'ssl' && value.value === 'true') storePair(pairs, 'sslmode', 'require', ks + 1);
    else storePair(pairs, key.value, value.value, ks + 1);
    if (text[p] === '&') p++;
  }
  return undefined;
}
