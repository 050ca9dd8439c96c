/**
 * Validation of IPC payloads with the same zod schemas as the form. Field errors of the DSN keep
 * the form's names (`port`, `credentialSource.profile`), also inside request wrappers.
 */
import { z } from 'zod';
import { type Dsn, type DsnInput, dsnFieldsSchema, dsnInputSchema, type FieldErrors, toFieldErrors } from '../../../shared/dsn';
import { EXPORT_FORMATS } from '../../../shared/export-types';
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

/** Refuses calls with more arguments than the method takes. */
export function checkArity(args: readonly unknown[], max: number): Result<true> {
  if (args.length <= max) return ok(true);
  return err('VALIDATION', `Expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}.`, { fieldErrors: { _: ['Too many arguments'] } });
}
