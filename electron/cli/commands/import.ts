/**
 * `iam-dsn import "<string>"` (or `--stdin`): reads a connection string someone already has
 * (libpq URI or keyword/value, ODBC, JDBC, a psql/env export, the JSON export) with the app's own
 * importer and prints a DSN JSON on stdout, ready for `--file`. What was recognised, ignored or
 * left at the new-DSN defaults goes to stderr. A password or token in the string is never kept,
 * printed or echoed; a malformed string exits 2 with the part named.
 */
import { defaultDsn, type Dsn, dsnFieldsOf, dsnSchema } from '../../../shared/dsn';
import { IMPORT_FORMAT_NAMES, importConnectionString, type ImportOutcome } from '../../../shared/formats';
import { type CliContext, fail } from '../context';
import { EXIT, type ExitStatus } from '../exit-codes';
import { plain } from '../output';

/** Options of `iam-dsn import`. */
export interface ImportOptions {
  /** The string from the command line; `undefined` with `--stdin`. */
  text: string | undefined;
  stdin: boolean;
  /** The DSN's name; derived from user and server when absent. */
  name: string | undefined;
}

/** Reads all of stdin as UTF-8 (at most `limit` characters; more rejects). */
export type StdinReader = (limit: number) => Promise<string>;

/** The longest string `--stdin` takes. */
export const MAX_IMPORT_CHARS = 1024 * 1024;


/** Reads process.stdin to the end. */
export const processStdin: StdinReader = (limit) =>
  new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > limit) {
        process.stdin.destroy();
        reject(new Error('too long'));
      }
    });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });

/** A name for an imported DSN: "user@first-label-of-server", else "imported". */
export function derivedName(dsn: Partial<Dsn>): string {
  const host = dsn.server?.split('.')[0]?.replace(/^\[|\]$/g, '');
  const name = [dsn.user, host].filter((p): p is string => p !== undefined && p !== '').join('@');
  return (name === '' ? 'imported' : name).slice(0, 100);
}

/** `user:secret@` in an error message (a JDBC authority quoted back) loses the secret. */
export function maskUserinfo(message: string): string {
  return message.replace(/([^\s'"/:@]*):[^\s'"@/]*@/g, '$1:[redacted]@');
}

function describe(outcome: ImportOutcome, dsn: Dsn): string[] {
  const lines = [`Read as ${IMPORT_FORMAT_NAMES[outcome.format]}.`];
  if (outcome.recognised.length > 0) {
    lines.push('Recognised:');
    for (const r of outcome.recognised) lines.push(`  ${r.key} → ${r.field} = ${r.value}`);
  }
  if (outcome.ignored.length > 0) {
    lines.push('Ignored:');
    for (const i of outcome.ignored) lines.push(`  ${i.key}: ${i.reason}`);
  }
  const set = new Set(outcome.recognised.map((r) => r.field));
  const defaults = (['port', 'database', 'sslMode', 'tokenExpirationSeconds', 'connectTimeoutSeconds'] as const).filter((f) => !set.has(f)).map((f) => `${f} ${String(dsn[f])}`);
  if (defaults.length > 0) lines.push(`Defaults (not in the string): ${defaults.join(', ')}.`);
  if (outcome.secretFound) lines.push('warning: the string held a password or token; it was not imported (and is not printed).');
  for (const note of outcome.notes) lines.push(`note: ${note}`);
  return lines;
}

/** Runs `iam-dsn import`. */
export async function importCommand(options: ImportOptions, ctx: CliContext, readStdin: StdinReader = processStdin): Promise<ExitStatus> {
  let text = options.text;
  if (options.stdin) {
    try {
      text = await readStdin(MAX_IMPORT_CHARS);
    } catch {
      return fail(ctx, { code: 'VALIDATION', message: `The string on stdin is longer than ${MAX_IMPORT_CHARS} characters, or stdin could not be read.` });
    }
  }
  const imported = importConnectionString(text ?? '');
  if (!imported.ok) return fail(ctx, { ...imported.error, message: maskUserinfo(imported.error.message) });
  const outcome = imported.value;
  const dsn: Dsn = { ...defaultDsn(), ...outcome.dsn, name: options.name ?? outcome.dsn.name ?? derivedName(outcome.dsn) };
  ctx.stdout.write(`${JSON.stringify(dsnFieldsOf(dsn), null, 2)}\n`);
  const lines = describe(outcome, dsn);
  const checked = dsnSchema.safeParse(dsn);
  if (!checked.success) {
    lines.push('To complete before use (e.g. with --file):');
    for (const issue of checked.error.issues) lines.push(`  ${issue.path.join('.') || '(dsn)'}: ${issue.message}`);
  }
  ctx.stderr.write(`${lines.map(plain).join('\n')}\n`);
  return EXIT.OK;
}
