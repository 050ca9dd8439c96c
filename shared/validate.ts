/**
 * zod schemas to {@link Result}s: how the main process turns an untrusted value into a typed one
 * (IPC payloads, a new name in the library) with field errors the form can show.
 */
import type { z } from 'zod';
import { type FieldErrors, toFieldErrors } from './dsn';
import { err, ok, type Result } from './result';

/** Field errors with a leading `dsn.` removed, so the form can show a request's DSN errors on its fields. */
function formFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(toFieldErrors(error))) {
    const name = key.startsWith('dsn.') ? key.slice(4) : key;
    (out[name] ??= []).push(...messages);
  }
  return out;
}

/**
 * Parses `value` with `schema`; a failure is a VALIDATION result ("The `what` is not valid (2
 * problems).") with field errors keyed by path.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): Result<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const fieldErrors = formFieldErrors(parsed.error);
  const count = Object.values(fieldErrors).reduce((n, list) => n + list.length, 0);
  return err('VALIDATION', `The ${what} is not valid (${count} problem${count === 1 ? '' : 's'}).`, { fieldErrors });
}

/** Parses one field's value with `schema`; a failure is a VALIDATION result whose message is the first problem and whose field errors are keyed `field`. */
export function validateField<S extends z.ZodType>(schema: S, value: unknown, field: string): Result<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const messages = parsed.error.issues.map((i) => i.message);
  return err('VALIDATION', `${messages[0] ?? `${field} is not valid`}.`, { fieldErrors: { [field]: messages } });
}
