/**
 * One `.pgpass` line read the way libpq reads it (fe-connect.c `passwordFromFile`): the fields
 * `host:port:database:user:password`, `\` escaping the next character, a field that is exactly `*`
 * matching anything, `#` starting a comment line. Pure, so the library import (which reads entries)
 * and the main process (which edits the file) share one reading of the format.
 */

/** A field of an entry: its value with escapes removed, and whether it was libpq's `*` wildcard. */
export interface PgpassField {
  value: string;
  wildcard: boolean;
}

/** The four key fields of an entry and the rest of the line (the password, still escaped). */
export interface PgpassEntry {
  fields: [PgpassField, PgpassField, PgpassField, PgpassField];
  rest: string;
}

/** The entry of a line; `undefined` for a comment, a blank line, or a line with fewer than five fields. */
export function parsePgpassEntry(text: string): PgpassEntry | undefined {
  const line = text.replace(/[\r\n]+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  const fields: PgpassField[] = [];
  let raw = '';
  let value = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '\\' && i + 1 < line.length) {
      const next = line[++i] ?? '';
      raw += c + next;
      value += next;
    } else if (c === ':') {
      fields.push({ value, wildcard: raw === '*' });
      raw = '';
      value = '';
      if (fields.length === 4) {
        const [host, port, database, user] = fields as [PgpassField, PgpassField, PgpassField, PgpassField];
        return { fields: [host, port, database, user], rest: line.slice(i + 1) };
      }
    } else {
      raw += c;
      value += c;
    }
  }
  return undefined;
}

/** The password of an entry's rest: up to the next unescaped `:`, escapes removed (as libpq reads it). */
export function pgpassPassword(rest: string): string {
  let password = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] ?? '';
    if (c === ':') break;
    if (c === '\\' && i + 1 < rest.length) password += rest[++i] ?? '';
    else password += c;
  }
  return password;
}
