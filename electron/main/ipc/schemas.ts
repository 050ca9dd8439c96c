/**
 * Every IPC request's schema, and the parser of each method's arguments: the door's half of the
 * contract in shared/ipc-contract.ts. The DSN is checked with the form's own zod schema, and field
 * errors keep the form's names (`port`, `credentialSource.profile`), also inside request wrappers.
 * Nothing outside ipc/ imports this file: services take values already parsed here.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { dsnFieldsSchema, dsnInputSchema, tagsSchema } from '../../../shared/dsn';
import { EXPORT_FORMATS } from '../../../shared/export-types';
import { IMPORT_CONFLICT_MODES, type IpcMethod, REFRESHER_TARGET_KINDS } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import { validate, validateField } from '../../../shared/validate';
import { MAX_LIBRARY_DSNS, MAX_LIBRARY_JSON_CHARS } from '../library/library-file';

export const requestIdSchema = z
  .string({ error: 'Request id must be text' })
  .min(1, 'Request id is required')
  .max(128, 'Request id is at most 128 characters');

export const dsnIdSchema = z.uuid('DSN id must be a UUID');

/** An MFA code as typed: checked again (six digits) by the broker, which keeps the prompt open when it is not. */
export const mfaCodeSchema = z.string({ error: 'MFA code must be text' }).max(32, 'MFA code is at most 32 characters').nullable();

/** An answer to an SSH prompt: accept or refuse a host key, or a key file's passphrase (null cancels). */
export const sshPromptAnswerSchema = z.union([
  z.strictObject({ accept: z.boolean({ error: 'accept must be true or false' }) }),
  z.strictObject({ secret: z.string({ error: 'The passphrase must be text' }).max(1024, 'The passphrase is at most 1024 characters').nullable() }),
]);

export const testConnectionRequestSchema = z.strictObject({
  requestId: requestIdSchema,
  dsn: dsnInputSchema,
});

export const exportRequestSchema = z.strictObject({
  dsn: dsnInputSchema,
  format: z.enum(EXPORT_FORMATS, { error: `Format must be one of: ${EXPORT_FORMATS.join(', ')}` }),
  includeToken: z.boolean({ error: 'includeToken must be true or false' }),
  includePassword: z.boolean({ error: 'includePassword must be true or false' }),
});

/** A saveExport request: the export request and an optional suggested path (no NUL, at most 4096 characters). */
export const saveExportRequestSchema = exportRequestSchema.extend({
  path: z
    .string({ error: 'path must be text' })
    .min(1, 'path cannot be empty')
    .max(4096, 'path is at most 4096 characters')
    .refine((p) => !p.includes('\0'), 'path cannot contain a NUL character')
    .optional(),
});

/** The payload of `startRefresher`. The path must be absolute or start with `~/`. */
export const startRefresherRequestSchema = z.strictObject({
  dsnId: dsnIdSchema,
  target: z.strictObject({
    kind: z.enum(REFRESHER_TARGET_KINDS, { error: 'File kind must be "pgpass" or "password-file"' }),
    path: z
      .string({ error: 'File path must be text' })
      .trim()
      .min(1, 'File path is required')
      .max(4096, 'File path is too long')
      .refine((p) => !/[\0\r\n]/.test(p), 'File path cannot hold NUL or line breaks')
      .refine((p) => isAbsolute(p) || p === '~' || p.startsWith('~/'), 'File path must be absolute, e.g. /home/me/.pgpass or ~/.pgpass'),
  }),
});

/** A DSN's new name (renameDsn): the form's rules for Name. */
export const dsnNameSchema = dsnFieldsSchema.shape.name;

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

/** Parses one untrusted argument. */
export type ArgParser<T> = (value: unknown) => Result<T>;

/** The argument as a whole request or value: "The `what` is not valid (n problems)." */
const whole =
  <S extends z.ZodType>(schema: S, what: string): ArgParser<z.infer<S>> =>
  (value) =>
    validate(schema, value, what);

/** The argument as one field: its first problem is the message, its errors keyed `field`. */
const field =
  <S extends z.ZodType>(schema: S, name: string): ArgParser<z.infer<S>> =>
  (value) =>
    validateField(schema, value, name);

/** The MFA code, with a message that says what to type. */
const mfaCode: ArgParser<string | null> = (value) => {
  const parsed = mfaCodeSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return err('VALIDATION', 'The MFA code must be text, or null to cancel.', { fieldErrors: { code: ['Enter the 6-digit code your MFA device shows'] } });
};

/**
 * The parsers of each method's arguments, in order: a total table, so a new method of the
 * contract does not compile until its arguments have parsers. A call with more arguments than
 * parsers is refused.
 */
export const ARGUMENT_PARSERS = {
  listDsns: [],
  saveDsn: [whole(dsnInputSchema, 'DSN')],
  deleteDsn: [whole(dsnIdSchema, 'DSN id')],
  duplicateDsn: [whole(dsnIdSchema, 'DSN id')],
  renameDsn: [whole(dsnIdSchema, 'DSN id'), field(dsnNameSchema, 'name')],
  setDsnTags: [whole(dsnIdSchema, 'DSN id'), field(tagsSchema, 'tags')],
  restoreDsn: [whole(dsnIdSchema, 'DSN id')],
  exportLibrary: [whole(exportIdsSchema, 'DSN ids')],
  importLibrary: [field(libraryJsonSchema, 'json'), whole(importOptionsSchema, 'import options')],
  testConnection: [whole(testConnectionRequestSchema, 'test request')],
  cancelTest: [whole(requestIdSchema, 'request id')],
  exportDsn: [whole(exportRequestSchema, 'export request')],
  saveExport: [whole(saveExportRequestSchema, 'save request')],
  storeStatus: [],
  listProfiles: [],
  answerMfa: [whole(requestIdSchema, 'MFA request id'), mfaCode],
  answerSshPrompt: [whole(requestIdSchema, 'SSH prompt id'), whole(sshPromptAnswerSchema, 'SSH prompt answer')],
  listSshHosts: [],
  startRefresher: [whole(startRefresherRequestSchema, 'refresher request')],
  stopRefresher: [whole(dsnIdSchema, 'DSN id')],
  refresherStatus: [],
  setUnsavedChanges: [whole(z.boolean({ error: 'unsaved must be true or false' }), 'unsaved')],
  closeWindow: [],
} as const satisfies Record<IpcMethod, readonly ArgParser<unknown>[]>;

/** Refuses calls with more arguments than the method takes. */
export function checkArity(args: readonly unknown[], max: number): Result<true> {
  if (args.length <= max) return ok(true);
  return err('VALIDATION', `Expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}.`, { fieldErrors: { _: ['Too many arguments'] } });
}
