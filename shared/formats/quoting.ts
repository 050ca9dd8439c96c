/**
 * Quoting and escaping for every export format. Each function targets one consumer's parser and is
 * tested against that parser (libpq, bash, psqlODBC, python, node) rather than against itself.
 */

/** Percent-encodes every byte outside RFC 3986 unreserved characters (also `+` and space). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Quotes a libpq keyword/value value: single quotes when needed, with `\` and `'` escaped by a
 * backslash (libpq's `conninfo_parse` rules). An empty value is `''`.
 */
export function quoteKeywordValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Characters a POSIX shell word may hold without quotes (the set Python's `shlex.quote` uses). */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one word for a POSIX shell (sh, bash, zsh): bare when it holds only safe characters; in
 * double quotes when it holds `'` but nothing special there (`$`, backquote, `"`, `\`, `!`); else in
 * single quotes, where nothing is special, with each `'` written as `'\''`.
 */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  if (value.includes("'") && !/[$`"\\!]/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Escapes one `.pgpass` field: `\` and `:` get a backslash, as libpq's password-file reader expects. */
export function pgpassEscape(value: string): string {
  return value.replace(/[\\:]/g, (c) => `\\${c}`);
}

/**
 * An ODBC attribute value in braces, with each `}` doubled. psqlODBC removes the braces only for
 * `Password`/`PWD`, `pqopt` and `ConnSettings`: for other keys the braces would stay in the value.
 */
export function odbcBraced(value: string): string {
  return `{${value.replace(/\}/g, '}}')}}`;
}

/**
 * A double-quoted string literal valid, with the same value, in JavaScript and in Python 3:
 * JSON escaping (`\"`, `\\`, `\n`, `\uXXXX`) means the same in both languages.
 */
export function codeString(value: string): string {
  return JSON.stringify(value);
}
