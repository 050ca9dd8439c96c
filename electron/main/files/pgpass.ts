/**
 * `.pgpass` text, read the way libpq reads it (fe-connect.c `passwordFromFile`): one entry per
 * line `host:port:database:user:password`, `\` escapes the next character, a field that is
 * exactly `*` matches anything, lines starting with `#` are comments, the first matching line wins.
 * Pure functions: pgpass-file.ts does the I/O, for Save to file and the token refresher alike.
 */
import type { PgpassLinePlacement } from '../../../shared/ipc-contract';
import type { Dsn } from '../../../shared/dsn';
import { stripBrackets, tunnelPlan } from '../../../shared/formats/common';
import { parsePgpassEntry, pgpassPassword } from '../../../shared/formats/pgpass-entry';
import { pgpassEscape } from '../../../shared/formats/quoting';
import { err, ok, type Result } from '../../../shared/result';

/** The four fields libpq looks a password up by. */
export interface PgpassKey {
  host: string;
  port: string;
  database: string;
  user: string;
}

/**
 * The key of a DSN's line, consistent with the `pgpass` export (shared/formats/shell.ts): `host`
 * is the server name (libpq matches `host` even when `hostaddr` sends the socket to a tunnel),
 * `port` the port libpq connects to (the connect-via port when a tunnel is set).
 */
export function pgpassKeyFor(dsn: Dsn): Result<PgpassKey> {
  const key: PgpassKey = { host: stripBrackets(dsn.server), port: String(tunnelPlan(dsn).port), database: dsn.database, user: dsn.user };
  if (Object.values(key).some((v) => /[\r\n]/.test(v))) {
    return err('VALIDATION', 'This DSN cannot have a .pgpass line: a field holds a line break.', { hint: 'Use a password file instead (the token alone), with PGPASSWORD="$(cat FILE)".' });
  }
  return ok(key);
}

/** The `host:port:database:user` part of the line, escaped as in the file. */
export function pgpassEntryText(key: PgpassKey): string {
  return [key.host, key.port, key.database, key.user].map(pgpassEscape).join(':');
}

/** The whole line for `key` and `password`, without a line end. */
export function pgpassLine(key: PgpassKey, password: string): string {
  return `${pgpassEntryText(key)}:${pgpassEscape(password)}`;
}


/** One line: its text without the line end, and the line end as it was (`\n`, `\r\n` or none). */
interface Line {
  text: string;
  eol: string;
}

/** Splits text into lines, keeping each line end, so that joining gives the text back byte for byte. */
function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf('\n', start);
    if (nl === -1) {
      lines.push({ text: content.slice(start), eol: '' });
      break;
    }
    const crlf = nl > start && content[nl - 1] === '\r';
    lines.push({ text: content.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return lines;
}


function keyValues(key: PgpassKey): string[] {
  return [key.host, key.port, key.database, key.user];
}

/** libpq would use this line for `key` (wildcards count). */
function matchesForLibpq(text: string, key: PgpassKey): boolean {
  const entry = parsePgpassEntry(text);
  return entry !== undefined && keyValues(key).every((v, i) => entry.fields[i]?.wildcard === true || entry.fields[i]?.value === v);
}

/** This line is the DSN's own: the four fields equal the key literally (no wildcard). */
export function isOwnLine(text: string, key: PgpassKey): boolean {
  const entry = parsePgpassEntry(text);
  return entry !== undefined && keyValues(key).every((v, i) => entry.fields[i]?.wildcard === false && entry.fields[i]?.value === v);
}

/**
 * Writes `password` into the `.pgpass` text for `key`; every other line stays byte for byte.
 * The DSN's own line (same four fields, no wildcard) is replaced in place, keeping its line end.
 * Without one, the line is appended (after a newline if the text lacks a final one) — unless an
 * earlier line would match first (a `*` wildcard), in which case the line goes just before it,
 * since libpq uses the first match. An own line behind such a wildcard line moves up the same way.
 */
export function upsertPgpassEntry(content: string, key: PgpassKey, password: string): string {
  const lines = splitLines(content);
  const text = pgpassLine(key, password);
  const own = lines.findIndex((l) => isOwnLine(l.text, key));
  const first = lines.findIndex((l) => matchesForLibpq(l.text, key));
  if (own !== -1 && own === first) {
    const line = lines[own];
    if (line !== undefined) line.text = text;
    return joinLines(lines);
  }
  if (first !== -1) {
    if (own !== -1) lines.splice(own, 1);
    lines.splice(first, 0, { text, eol: '\n' });
    return joinLines(lines);
  }
  const separator = content === '' || content.endsWith('\n') ? '' : '\n';
  return `${content}${separator}${text}\n`;
}

/** Where {@link upsertPgpassEntry} puts the line of `key` in `content` (same rule, told to the user). */
export function pgpassPlacement(content: string, key: PgpassKey): PgpassLinePlacement {
  const lines = splitLines(content);
  const own = lines.findIndex((l) => isOwnLine(l.text, key));
  const first = lines.findIndex((l) => matchesForLibpq(l.text, key));
  if (own !== -1 && own === first) return 'replaced';
  return first !== -1 ? 'before-wildcard' : 'added';
}

function joinLines(lines: readonly Line[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/**
 * The first line (1-based) that is neither a comment, a blank line nor an entry with exactly the
 * five fields `host:port:database:user:password` (libpq's escaping); undefined when the text is a
 * `.pgpass` file.
 * Keeps the refresher from appending a line to some other file given by mistake.
 */
export function firstNonPgpassLine(content: string): number | undefined {
  const lines = splitLines(content);
  const bad = lines.findIndex((l) => {
    const text = l.text.replace(/\r+$/, '');
    if (text.trim() === '' || text.startsWith('#')) return false;
    const entry = parsePgpassEntry(text);
    // Exactly five fields: a passwd or shadow line (7 or 9 colon-separated fields) is not one.
    return entry === undefined || hasUnescapedColon(entry.rest);
  });
  return bad === -1 ? undefined : bad + 1;
}

/** The text holds a `:` not escaped by a backslash. */
function hasUnescapedColon(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ':') return true;
  }
  return false;
}

/** The password libpq would take from this `.pgpass` text for `key` (first match, escapes removed), or undefined. */
export function pgpassPasswordFor(content: string, key: PgpassKey): string | undefined {
  for (const line of splitLines(content)) {
    if (!matchesForLibpq(line.text, key)) continue;
    return pgpassPassword(parsePgpassEntry(line.text)?.rest ?? '');
  }
  return undefined;
}


/** The key and the password of one entry line (escapes removed), or undefined for a comment, a blank or a short line. */
export function pgpassEntryOf(line: string): { key: PgpassKey; password: string } | undefined {
  const entry = parsePgpassEntry(line);
  if (entry === undefined) return undefined;
  const [host, port, database, user] = entry.fields.map((f) => f.value);
  if (host === undefined || port === undefined || database === undefined || user === undefined) return undefined;
  return { key: { host, port, database, user }, password: pgpassPassword(entry.rest) };
}
