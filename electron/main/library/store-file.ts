/** The store file: its shape (re-validated with zod on load) and how it is opened and recovered. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dsnSchema } from '../../../shared/dsn';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

/**
 * One saved DSN as written to disk. Its secrets, if any (the database password; the secret access
 * key and session token of a `static` credential source), are OS-encrypted and base64-encoded.
 */
export const storedDsnSchema = z.strictObject({
  id: z.uuid(),
  dsn: dsnSchema,
  updatedAt: z.iso.datetime(),
  passwordEncrypted: z.base64().min(1).optional(),
  secretAccessKeyEncrypted: z.base64().min(1).optional(),
  sessionTokenEncrypted: z.base64().min(1).optional(),
  sshPasswordEncrypted: z.base64().min(1).optional(),
});
export type StoredDsn = z.infer<typeof storedDsnSchema>;

/** The secrets a DSN may hold: write-only from the renderer, decrypted in main only. */
export const SECRET_NAMES = ['password', 'secretAccessKey', 'sessionToken', 'sshPassword'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** The record field holding each secret's ciphertext. */
export const ENCRYPTED_FIELD = {
  password: 'passwordEncrypted',
  secretAccessKey: 'secretAccessKeyEncrypted',
  sessionToken: 'sessionTokenEncrypted',
  sshPassword: 'sshPasswordEncrypted',
} as const satisfies Record<SecretName, keyof StoredDsn>;

/** Secrets by name: plain text in memory (session-only), or ciphertext in a record. */
export type SecretValues = Partial<Record<SecretName, string>>;

/** The file's content; unknown top-level keys (e.g. Conf's own) are left alone. */
export const storeFileSchema = z.object({
  version: z.literal(1).optional(),
  dsns: z.array(storedDsnSchema).optional(),
});

/** The part of Conf / electron-store the store uses. */
export interface ConfLike {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/**
 * What the store asks of a Conf factory. Map `name` to Conf's `configName` or electron-store's
 * `name`; pass the rest as is.
 */
export interface StoreFileOptions {
  cwd: string;
  name: string;
  configFileMode: number;
  clearInvalidConfig: false;
  accessPropertiesByDotNotation: false;
  watch: false;
}

/** Makes the Conf-like object, e.g. `(o) => new Conf({ ...o, configName: o.name })`. */
export type ConfFactory = (options: StoreFileOptions) => ConfLike;

export interface OpenedStore {
  conf: ConfLike;
  dsns: StoredDsn[];
  /** Path of the backup when the file was corrupt and moved aside. */
  recoveredFromCorruptFile?: string | undefined;
}

function readAll(conf: ConfLike): StoredDsn[] {
  const parsed = storeFileSchema.parse({ version: conf.get('version'), dsns: conf.get('dsns') });
  return parsed.dsns ?? [];
}

/**
 * Opens the store file. A file that is not JSON, or breaks the schema, is renamed to
 * `<file>.corrupt-<timestamp>` beside itself and the store starts empty: it never stops the app.
 */
/** A store file whose top level is not a JSON object (null, an array, a number…). */
class NotAnObjectError extends Error {
  override name = 'NotAnObjectError';
}

/**
 * Conf silently turns a top-level JSON value that is not an object into an empty store, which the
 * next save would overwrite without a backup; treat it (and an empty file) as corrupt instead.
 */
function assertObjectFile(file: string): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new NotAnObjectError('store file is not a JSON object');
}

export function openStoreFile(createConf: ConfFactory, options: StoreFileOptions, clock: Clock, logger: Logger, readOnly = false): OpenedStore {
  if (readOnly) {
    // The CLI's read-only view holds the content of exactly the file it was given: nothing here
    // may make a folder, look at `<cwd>/<name>.json` (a file the CLI was never given) or move it.
    const conf = createConf(options);
    return { conf, dsns: readAll(conf) };
  }
  fs.mkdirSync(options.cwd, { recursive: true, mode: 0o700 });
  const file = path.join(options.cwd, `${options.name}.json`);
  try {
    assertObjectFile(file);
    const conf = createConf(options);
    return { conf, dsns: readAll(conf) };
  } catch (error) {
    if (!fs.existsSync(file)) throw error;
    const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
    const backup = `${file}.corrupt-${stamp}`;
    fs.renameSync(file, backup);
    logger.warn('Store file was corrupt; moved aside and started empty', {
      backup,
      reason: error instanceof z.ZodError ? 'schema' : error instanceof Error ? error.name : 'unknown',
    });
    const conf = createConf(options);
    return { conf, dsns: readAll(conf), recoveredFromCorruptFile: backup };
  }
}
