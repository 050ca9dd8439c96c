/**
 * Validation of IPC payloads with the same zod schemas as the form. Field errors of the DSN keep
 * the form's names (`port`, `credentialSource.profile`), also inside request wrappers.
 */
import { z } from 'zod';
import { type Dsn, type DsnInput, dsnFieldsSchema, dsnInputSchema, type FieldErrors, toFieldErrors } from '../../../shared/dsn';
import { EXPORT_FORMATS } from '../../../shared/export-types';
import { IMPORT_CONFLICT_MODES } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';

export const requestIdSchema = z
  .string({ error: 'Request id must be text' })
  .min(1, 'Request id is required')
  .max(128, 'Request id is at most 128 characters');

export const dsnIdSchema = z.uuid('DSN id must be a UUID');

/** An MFA code as typed: checked again (six digits) by the broker, which keeps the prompt open when it is not. */
export const mfaCodeSchema = z.string({ error: 'MFA code must be text' }).max(32, 'MFA code is at most 32 characters').nullable();

/** The keys of a DSN (no id, no password, no secret key or token): what may be written or passed on. */
const DSN_KEYS = Object.keys(dsnFieldsSchema.shape) as Array<keyof Dsn>;

/**
 * The DSN part of an input: exactly the DSN's own fields, so no write-only secret (password,
 * secret access key, session token) or flag can ride along into the store file, a log or an export.
 */
export function toDsn(input: DsnInput): Dsn {
  const out: Record<string, unknown> = {};
  for (const key of DSN_KEYS) if (input[key] !== undefined) out[key] = input[key];
  // Tags are optional in an input (absent keeps the saved ones: the store decides), never in a Dsn.
  out.tags ??= [];
  // Every DSN key was copied from a validated input; optional ones may be absent, as in Dsn.
  return out as Dsn;
}

export const testConnectionRequestSchema = z.strictObject({
  requestId: requestIdSchema,
  dsn: dsnInputSchema,
});

export const exportRequestSchema = z.strictObject({
  dsn: dsnInputSchema,
  format: z.enum(EXPORT_FORMATS, { error: 'Format must be "uri" or "keyword"' }),
  includeToken: z.boolean({ error: 'includeToken must be true or false' }),
  includePassword: z.boolean({ error: 'includePassword must be true or false' }),
});

/** A DSN's new name (renameDsn): the form's rules for Name. */
export const dsnNameSchema = dsnFieldsSchema.shape.name;

/** Most DSNs one library call handles (export ids, import entries). */
export const MAX_LIBRARY_DSNS = 10_000;
/** Longest library JSON accepted for import, in characters (10,000 DSNs of about 1 kB). */
export const MAX_LIBRARY_JSON_CHARS = 10_000_000;

/** The DSNs to export: absent for all. */
export const exportIdsSchema = z
  .array(dsnIdSchema, { error: 'DSN ids must be a list of UUIDs' })
  .max(MAX_LIBRARY_DSNS, `At most ${MAX_LIBRARY_DSNS} DSNs`)
  .optional();

/** The JSON text of an import, before it is parsed (see library/library-file.ts). */
export const libraryJsonSchema = z
  .string({ error: 'The library must be JSON text' })
  .min(1, 'The library JSON is empty')
  .max(MAX_LIBRARY_JSON_CHARS, 'The library JSON is too large (at most 10 MB)');

export const importOptionsSchema = z.strictObject({
  onConflict: z.enum(IMPORT_CONFLICT_MODES, { error: 'onConflict must be "rename", "skip" or "replace"' }),
  dryRun: z.boolean({ error: 'dryRun must be true or false' }).optional(),
});

/** Field errors with a leading `dsn.` removed, so the form can show them on its fields. */
function formFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(toFieldErrors(error))) {
    const name = key.startsWith('dsn.') ? key.slice(4) : key;
    (out[name] ??= []).push(...messages);
  }
  return out;
}

/** Parses `value` with `schema`; a failure is a VALIDATION result with field errors. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): Result<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const fieldErrors = formFieldErrors(parsed.error);
  const count = Object.values(fieldErrors).reduce((n, list) => n + list.length, 0);
  return err('VALIDATION', `The ${what} is not valid (${count} problem${count === 1 ? '' : 's'}).`, { fieldErrors });
}

/** Parses one field's value with `schema`; a failure is a VALIDATION result whose field errors are keyed `field`. */
export function validateField<S extends z.ZodType>(schema: S, value: unknown, field: string): Result<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const messages = parsed.error.issues.map((i) => i.message);
  return err('VALIDATION', `${messages[0] ?? `${field} is not valid`}.`, { fieldErrors: { [field]: messages } });
}

/** Refuses calls with more arguments than the method takes. */
export function checkArity(args: readonly unknown[], max: number): Result<true> {
  if (args.length <= max) return ok(true);
  return err('VALIDATION', `Expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}.`, { fieldErrors: { _: ['Too many arguments'] } });
}
