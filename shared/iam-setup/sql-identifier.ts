/**
 * PostgreSQL identifiers in generated SQL: quoted exactly when PostgreSQL needs it, and checked for
 * what quoting cannot fix (NUL, the 63-byte limit, reserved role names).
 */
import { PG_KEYWORDS } from './pg-keywords';

/** PostgreSQL keeps at most NAMEDATALEN - 1 = 63 bytes of an identifier and silently cuts the rest. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Lower-case ASCII letters, digits and `_`, not starting with a digit: what PostgreSQL's quote_ident leaves bare. */
const BARE = /^[a-z_][a-z0-9_]*$/;

/**
 * Quotes a PostgreSQL identifier (a role or schema name) so that it means exactly `name`.
 *
 * Left bare when it is lower-case ASCII letters, digits and `_` (not starting with a digit) and
 * not a key word; otherwise in double quotes with each `"` doubled. Unquoted identifiers are
 * folded to lower case, so `MixedCase` becomes `"MixedCase"`; key words such as `select` become
 * `"select"`.
 *
 * @throws RangeError when `name` is empty or contains NUL: no SQL identifier can hold either.
 */
export function quoteIdent(name: string): string {
  if (name === '') throw new RangeError('An SQL identifier cannot be empty');
  if (name.includes('\0')) throw new RangeError('An SQL identifier cannot contain a NUL character');
  if (BARE.test(name) && !PG_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** The length of `name` in UTF-8 bytes, as PostgreSQL counts it. */
export function utf8Length(name: string): number {
  let bytes = 0;
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Why `name` cannot be used as an identifier as it is, or `undefined` when it can: empty, a NUL
 * character, or longer than 63 UTF-8 bytes (PostgreSQL would cut it, and the name would no
 * longer match). `label` starts the message.
 */
export function identifierProblem(name: string, label: string): string | undefined {
  if (name === '') return `${label} is required`;
  if (name.includes('\0')) return `${label} cannot contain a NUL character`;
  const bytes = utf8Length(name);
  if (bytes > MAX_IDENTIFIER_BYTES) {
    return `${label} is ${bytes} bytes in UTF-8; PostgreSQL keeps only the first ${MAX_IDENTIFIER_BYTES}, so the role would not match`;
  }
  return undefined;
}

/**
 * Why `name` cannot be a new role's name, or `undefined`: the {@link identifierProblem}s, plus the
 * names PostgreSQL reserves (`public`, `none`, and anything starting with `pg_`).
 */
export function roleNameProblem(name: string, label = 'User name'): string | undefined {
  const problem = identifierProblem(name, label);
  if (problem !== undefined) return problem;
  if (name === 'public' || name === 'none') return `${label} "${name}" is reserved by PostgreSQL`;
  if (name.startsWith('pg_')) return `${label} cannot start with "pg_": PostgreSQL reserves those role names`;
  return undefined;
}
