/**
 * Shell-facing exports: a ready `psql` command line, `export` lines of libpq's environment
 * variables, and a `.pgpass` line. Every word is quoted for POSIX shells (sh, bash, zsh); the only
 * command substitution in an output is the token recipe's own.
 */
import type { Dsn } from '../dsn';
import type { ExportOutput } from '../export-types';
import { type ExportOptions, profileFor, stripBrackets, testedSslMode, tunnelPlan } from './common';
import { recipeCommand } from './credentials';
import { libpqNotes, toKeywordValue } from './libpq';
import { pgpassEscape, shellQuote } from './quoting';

/** The `psql` export: `PGPASSWORD=… psql 'host=… …'`. */
export function exportPsql(dsn: Dsn, options: ExportOptions): ExportOutput {
  const { notes, secret, expiresAt } = libpqNotes(dsn, options);
  const conninfo = shellQuote(toKeywordValue(dsn));
  let text: string;
  if (secret !== undefined) {
    text = `PGPASSWORD=${shellQuote(secret)} psql ${conninfo}`;
  } else if (dsn.authType === 'iam') {
    text = `PGPASSWORD="$(${recipeCommand(dsn, profileFor(dsn, options))})" psql ${conninfo}`;
  } else {
    text = `psql ${conninfo}`;
  }
  notes.push('For POSIX shells (bash, zsh, sh). The secret, if any, goes through PGPASSWORD so it never appears in the process list.');
  return { format: 'psql', text, containsSecret: secret !== undefined, tokenExpiresAt: expiresAt, notes };
}

/** The `env` export: `export PGHOST=…` lines for libpq and every tool built on it. */
export function exportEnv(dsn: Dsn, options: ExportOptions): ExportOutput {
  const { notes, secret, expiresAt } = libpqNotes(dsn, options);
  const tunnel = tunnelPlan(dsn);
  const vars: Array<[string, string | undefined]> = [
    ['PGHOST', stripBrackets(dsn.server)],
    ['PGHOSTADDR', tunnel.hostaddr],
    ['PGPORT', String(tunnel.port)],
    ['PGDATABASE', dsn.database],
    ['PGUSER', dsn.user],
    ['PGSSLMODE', testedSslMode(dsn)],
    ['PGSSLROOTCERT', dsn.caBundlePath !== '' ? dsn.caBundlePath : undefined],
    ['PGCONNECT_TIMEOUT', String(dsn.connectTimeoutSeconds)],
  ];
  // Every variable this format manages is set or unset, so sourcing one DSN's lines after
  // another's (or over the user's own PG* variables) never keeps the other one's PGHOSTADDR.
  const lines = vars.map(([k, v]) => (v === undefined ? `unset ${k}` : `export ${k}=${shellQuote(v)}`));
  if (secret !== undefined) {
    lines.push(`export PGPASSWORD=${shellQuote(secret)}`);
  } else if (dsn.authType === 'iam') {
    lines.push(`export PGPASSWORD="$(${recipeCommand(dsn, profileFor(dsn, options))})"`);
    notes.push('PGPASSWORD holds a token for 15 minutes: run the last line again before a later connection.');
  } else {
    lines.push('unset PGPASSWORD');
  }
  notes.push('For POSIX shells (bash, zsh, sh): paste the lines or source them. Variables this DSN does not use are unset.');
  return { format: 'env', text: lines.join('\n'), containsSecret: secret !== undefined, tokenExpiresAt: expiresAt, notes };
}

/** The `pgpass` export: a `~/.pgpass` line, or for an IAM recipe a comment that writes a fresh one. */
export function exportPgpass(dsn: Dsn, options: ExportOptions): ExportOutput {
  const { notes, secret, expiresAt } = libpqNotes(dsn, options);
  // Drop the PGPASSWORD hint of the libpq notes: here the token goes into the file.
  const kept = notes.filter((n) => !n.startsWith('Set PGPASSWORD') && !n.startsWith('No password is included'));
  const tunnel = tunnelPlan(dsn);
  const fields = [stripBrackets(dsn.server), String(tunnel.port), dsn.database, dsn.user];
  if (fields.some((f) => /[\r\n]/.test(f)) || (secret !== undefined && /[\r\n]/.test(secret))) {
    kept.push('A .pgpass line cannot hold a line break, and a value here has one: use PGPASSWORD (the env or psql format) instead.');
    return { format: 'pgpass', text: '# This DSN cannot be written as a .pgpass line (a value holds a line break).', containsSecret: false, notes: kept };
  }
  const prefix = fields.map(pgpassEscape).join(':') + ':';
  const lines: string[] = [];
  if (secret !== undefined) {
    if (expiresAt !== undefined) lines.push(`# IAM token valid until ${expiresAt}; write a new line after that.`);
    lines.push(prefix + pgpassEscape(secret));
  } else if (dsn.authType === 'iam') {
    lines.push('# IAM tokens last 15 minutes, so write this line fresh before connecting. In a POSIX shell, run:', `# ${pgpassRecipe(recipeCommand(dsn, profileFor(dsn, options)), prefix)}`);
    kept.push(
      'The comment line writes the .pgpass line with a fresh token (escaping its ":" characters) first in the file PGPASSFILE names, else ~/.pgpass, and removes only an older line for the same host, port, database and user; a symbolic link is kept (its target is rewritten), and the file stays readable by you alone.',
    );
  } else {
    lines.push(`# ${prefix}<password, with each \\ and : written as \\\\ and \\:>`);
    kept.push('Remove "# " and put the password in place of the placeholder.');
  }
  kept.push(
    `libpq reads the first matching line of ~/.pgpass (or of the file PGPASSFILE names; %APPDATA%\\postgresql\\pgpass.conf on Windows); the file must not be readable by others (chmod 600).`,
  );
  if (tunnel.via) kept.push(`The host field is ${stripBrackets(dsn.server)}: libpq looks .pgpass up by host even when hostaddr sends the socket elsewhere, and by the port it connects to (${tunnel.port}).`);
  return { format: 'pgpass', text: lines.join('\n'), containsSecret: secret !== undefined, tokenExpiresAt: expiresAt, notes: kept };
}

/**
 * The shell recipe that puts a fresh token into libpq's password file. An older line of this DSN
 * is one that starts with the escaped `host:port:database:user:` (pgpassEscape is canonical, so a
 * prefix match is a match of the four whole fields), never a line that merely contains it; the
 * file is PGPASSFILE's or ~/.pgpass, a symbolic link is followed to the file it names, and the
 * new text goes through a 0600 temp file in that file's own folder, renamed over it. `awk` takes
 * the prefix from its environment (`-v` would read its backslashes as escapes) and compares bytes.
 */
function pgpassRecipe(tokenCommand: string, prefix: string): string {
  return [
    `( set -e; umask 077; t="$(${tokenCommand})"; k=${shellQuote(prefix)}`,
    'f="${PGPASSFILE:-$HOME/.pgpass}"',
    'if [ -L "$f" ]; then f="$(readlink -f -- "$f")"; fi',
    'n="$(mktemp "$f.XXXXXX")"',
    `trap 'rm -f -- "$n"' EXIT`,
    `{ printf '%s' "$k"; printf '%s\\n' "$t" | sed 's/[\\\\:]/\\\\&/g'; if [ -f "$f" ]; then k="$k" LC_ALL=C awk 'index($0, ENVIRON["k"]) != 1' "$f"; fi; } > "$n"`,
    'mv -f -- "$n" "$f" )',
  ].join('; ');
}
