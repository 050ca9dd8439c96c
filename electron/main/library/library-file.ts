/**
 * The library file: a JSON document of DSNs for backup and sharing, and its strict reading. It
 * never holds a secret: entries are written from the DSN schema's own fields only, and an entry
 * carrying a password, key or token is refused on import rather than silently dropped.
 */
import { z } from 'zod';
import { type Dsn, dsnFieldsOf, dsnSchema, type FieldErrors, foldName, isSecretKey } from '../../../shared/dsn';
import { err, ok, type Result } from '../../../shared/result';

/** The `format` marker of a library file. */
export const LIBRARY_FORMAT = 'iam-dsn-manager/library';
/** The version this app writes and reads. */
export const LIBRARY_VERSION = 1;

/** Most DSNs one library call handles (export ids, import entries). */
export const MAX_LIBRARY_DSNS = 10_000;
/** Longest library JSON accepted for import, in characters (10,000 DSNs of about 1 kB). */
export const MAX_LIBRARY_JSON_CHARS = 10_000_000;

/** DsnInput's write-only flags: never written either, and refused in an entry like a secret. */
const INPUT_FLAGS: ReadonlySet<string> = new Set(['clearpassword', 'clearstatickeys']);
/** How many problems an error's detail lists. */
const MAX_LISTED_PROBLEMS = 20;

/** A key an entry may not carry: a secret ({@link isSecretKey}) or a write-only flag. */
function refusedKey(key: string): boolean {
  return isSecretKey(key) || INPUT_FLAGS.has(key.toLowerCase());
}

/** The library document for `dsns`, pretty-printed. */
export function writeLibrary(dsns: readonly Dsn[], exportedAt: string): string {
  return JSON.stringify({ format: LIBRARY_FORMAT, version: LIBRARY_VERSION, exportedAt, dsns: dsns.map(dsnFieldsOf) }, null, 2);
}

const envelopeSchema = z.object({
  format: z.literal(LIBRARY_FORMAT, { error: `This is not a DSN library export: "format" must be "${LIBRARY_FORMAT}"` }),
  version: z.number({ error: '"version" must be a number' }).int('"version" must be a whole number'),
  dsns: z.array(z.unknown(), { error: '"dsns" must be a list of DSNs' }).max(MAX_LIBRARY_DSNS, `At most ${MAX_LIBRARY_DSNS} DSNs in one import`),
});

interface Problem {
  key: string;
  text: string;
}

function invalid<T>(problems: Problem[]): Result<T> {
  const first = problems[0];
  const fieldErrors: FieldErrors = {};
  for (const p of problems) (fieldErrors[p.key] ??= []).push(p.text);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => p.text);
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`… ${problems.length - MAX_LISTED_PROBLEMS} more`);
  return err('VALIDATION', `The library file is not valid: ${first?.text ?? 'unknown problem'}${more}.`, {
    hint: 'Nothing was imported. Fix the file (or export it again) and import it once more.',
    detail: listed.join('\n'),
    fieldErrors,
  });
}

/** "Entry 3 (“prod”)", or "Entry 3" when it has no usable name. */
function entryLabel(index: number, entry: unknown): string {
  const name = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? `Entry ${index + 1} (“${name.trim().slice(0, 100)}”)` : `Entry ${index + 1}`;
}

/** The problems of one entry, each naming the entry and the field. */
function entryProblems(index: number, entry: unknown): Problem[] {
  const label = entryLabel(index, entry);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return [{ key: `dsns.${index}`, text: `${label}: must be an object of DSN fields` }];
  }
  const secrets = Object.keys(entry).filter(refusedKey);
  if (secrets.length > 0) {
    return secrets.map((k) => ({ key: `dsns.${index}.${k}`, text: `${label}: field "${k}" — secrets are never imported; remove it from the file` }));
  }
  const parsed = dsnSchema.safeParse(entry);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path.map(String), ...unknownKeys.slice(0, 1)].join('.');
    const field = path === '' ? '' : `field "${path}" — `;
    return { key: path === '' ? `dsns.${index}` : `dsns.${index}.${path}`, text: `${label}: ${field}${issue.message}` };
  });
}

/**
 * Reads a library document: valid JSON, the right format and version, and every entry a valid DSN
 * with a name no other entry has. Any problem answers VALIDATION naming the entry and the field
 * (message: the first problem; detail: the list), and then nothing is imported.
 */
export function readLibrary(json: string): Result<Dsn[]> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unreadable';
    return invalid([{ key: '_', text: `it is not JSON (${reason})` }]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return invalid([{ key: '_', text: 'This is not a DSN library export: expected an object with "format", "version" and "dsns"' }]);
  }
  const envelope = envelopeSchema.safeParse(data);
  if (!envelope.success) {
    return invalid(envelope.error.issues.map((i) => ({ key: i.path.map(String).join('.') || '_', text: i.message })));
  }
  const { version, dsns: entries } = envelope.data;
  if (version > LIBRARY_VERSION) return invalid([{ key: 'version', text: `it was made by a newer version of the app (format version ${version}; this one reads ${LIBRARY_VERSION})` }]);
  if (version < 1) return invalid([{ key: 'version', text: `"version" ${version} is not a library format version` }]);

  const problems: Problem[] = [];
  const dsns: Dsn[] = [];
  const firstIndexOf = new Map<string, number>();
  entries.forEach((entry, index) => {
    const found = entryProblems(index, entry);
    if (found.length > 0) {
      problems.push(...found);
      return;
    }
    const dsn = dsnSchema.parse(entry);
    const earlier = firstIndexOf.get(foldName(dsn.name));
    if (earlier !== undefined) {
      problems.push({ key: `dsns.${index}.name`, text: `${entryLabel(index, entry)}: field "name" — entry ${earlier + 1} has the same name` });
      return;
    }
    firstIndexOf.set(foldName(dsn.name), index);
    dsns.push(dsn);
  });
  return problems.length > 0 ? invalid(problems) : ok(dsns);
}
