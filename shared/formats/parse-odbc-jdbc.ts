/**
 * Parsers for ODBC connection strings (`Key=Value;…` with `{…}` values) and JDBC URLs
 * (`jdbc:postgresql://…`, `jdbc:aws-wrapper:postgresql://…`). They only split and decode; the
 * meaning of each key is decided by the importer.
 */
import { type Parsed, unparsed } from '../result';

/** One ODBC attribute; `key` as written, `value` with braces removed and `}}` turned into `}`. */
export interface OdbcPair {
  key: string;
  value: string;
  position: number;
}

/** The attributes in order, or what is malformed. */
export type OdbcParse = Parsed<OdbcPair[]>;

/**
 * Splits an ODBC connection string. A value in braces may hold `;` and `=`, with `}}` for `}`;
 * after the closing brace only spaces may come before the next `;`. Keys are trimmed.
 */
export function parseOdbc(text: string): OdbcParse {
  const pairs: OdbcPair[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (text[i] === ';' || /\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ';') i++;
    if (text[i] !== '=') {
      // After a password, the stray text is likely part of it: do not echo it.
      const shown = /^(pwd|password)$/i.test(pairs.at(-1)?.key ?? '') ? 'the text' : `'${text.slice(keyStart, i).trim()}'`;
      return unparsed(`${shown} at position ${keyStart + 1} has no "=" (a value holding ";" needs braces: {…})`);
    }
    const key = text.slice(keyStart, i).trim();
    i++;
    let value = '';
    if (text[i] === '{') {
      const braceAt = i;
      i++;
      for (;;) {
        if (i >= n) return unparsed(`unterminated "{" in value of '${key}' at position ${braceAt + 1}`);
        const c = text[i] as string;
        if (c === '}') {
          if (text[i + 1] === '}') {
            value += '}';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      while (i < n && text[i] !== ';' && /\s/.test(text[i] as string)) i++;
      if (i < n && text[i] !== ';') return unparsed(`unexpected text after "}" in value of '${key}' at position ${i + 1}`);
    } else {
      const vs = i;
      while (i < n && text[i] !== ';') i++;
      value = text.slice(vs, i);
    }
    pairs.push({ key, value, position: keyStart + 1 });
  }
  return { ok: true, value: pairs };
}

/** What a JDBC URL says: the driver kind, the host, port and database, and the decoded properties. */
export interface JdbcUrl {
  /** `wrapper` for jdbc:aws-wrapper:postgresql:, `pgjdbc` for jdbc:postgresql:. */
  kind: 'wrapper' | 'pgjdbc';
  host: string | undefined;
  port: string | undefined;
  database: string | undefined;
  params: Array<{ key: string; value: string }>;
}

/** The URL's parts, or what is malformed. */
export type JdbcParse = Parsed<JdbcUrl>;

/** `application/x-www-form-urlencoded` decoding as Java's URLDecoder does it (`+` is a space). */
function formDecode(raw: string, what: string): Parsed<string> {
  const bad = /%(?![0-9a-fA-F]{2})/.exec(raw);
  if (bad) return unparsed(`invalid percent-encoding '${raw.slice(bad.index, bad.index + 3)}' in ${what}`);
  try {
    return { ok: true, value: decodeURIComponent(raw.replace(/\+/g, ' ')) };
  } catch {
    return unparsed(`the percent-encoded bytes in ${what} are not valid UTF-8`);
  }
}

/**
 * Parses `jdbc:[aws-wrapper:]postgresql://host[:port][/database][?key=value&…]` (or
 * `jdbc:postgresql:database`) the way pgjdbc and the AWS wrapper read it.
 */
export function parseJdbcUrl(text: string): JdbcParse {
  const m = /^jdbc:(aws-wrapper:)?postgresql:/.exec(text);
  if (!m) {
    const sub = /^jdbc:((?:[A-Za-z0-9_-]+:)*[A-Za-z0-9_-]+):/.exec(text)?.[1] ?? text.slice(5).split(/[:/]/)[0];
    return unparsed(`unknown JDBC sub-protocol '${sub}' (expected jdbc:postgresql: or jdbc:aws-wrapper:postgresql:)`);
  }
  const kind = m[1] !== undefined ? 'wrapper' : 'pgjdbc';
  let rest = text.slice(m[0].length);
  const q = rest.indexOf('?');
  const query = q === -1 ? '' : rest.slice(q + 1);
  rest = q === -1 ? rest : rest.slice(0, q);
  let host: string | undefined;
  let port: string | undefined;
  let dbRaw: string;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
    dbRaw = slash === -1 ? '' : rest.slice(slash + 1);
    if (authority.includes(',')) return unparsed(`several hosts ('${authority}'): a DSN has one server`);
    // Never quote the user-info part back: it may hold a password (user:password@host).
    if (authority.includes('@')) return unparsed(`the host part '${authority.slice(authority.lastIndexOf('@') + 1)}' is preceded by user information ("…@"): JDBC URLs take the user and password as parameters (user=…)`);
    const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
    if (v6) {
      host = v6[1];
      port = v6[2];
    } else if (authority !== '') {
      const colon = authority.lastIndexOf(':');
      host = colon === -1 ? authority : authority.slice(0, colon);
      port = colon === -1 ? undefined : authority.slice(colon + 1);
    }
  } else {
    dbRaw = rest;
  }
  let database: string | undefined;
  if (dbRaw !== '') {
    const d = formDecode(dbRaw, 'the database name');
    if (!d.ok) return d;
    database = d.value;
  }
  const params: JdbcUrl['params'] = [];
  for (const part of query === '' ? [] : query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = formDecode(eq === -1 ? '' : part.slice(eq + 1), `the value of '${key}'`);
    if (!value.ok) return value;
    params.push({ key, value: value.value });
  }
  return { ok: true, value: { kind, host, port, database, params } };
}
