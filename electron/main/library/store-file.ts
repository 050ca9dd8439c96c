/** The store file: its shape (re-validated with zod on load) and how it is opened and recovered. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dsnSchema } from '../../../shared/dsn';
import type { AppError } from '../../../shared/result';
import { errnoOf, octalMode } from '../files/file-errors';
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
  /** Conf's and electron-store's `delete`; a store without it keeps unknown keys. */
  delete?(key: string): void;
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
  /** Set when the file exists but cannot be read (EACCES, EPERM…): it is left alone, and the store refuses to work on it. */
  unreadable?: AppError | undefined;
}

/** The keys the store owns, and Conf's own; any other top-level key is someone else's. */
const KNOWN_KEYS = new Set(['version', 'dsns', '__internal__']);
/** How deep an unknown top-level value may nest before it is dropped on load (JSON.stringify recurses: deeper would make every save fail). */
export const MAX_UNKNOWN_DEPTH = 64;

/** How deep `value` nests (1 for a scalar), counted without recursion, stopping past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() ?? [undefined, 0];
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    if (typeof v === 'object' && v !== null) for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The STORE_IO error for a store file that exists but cannot be read: what the system said, who
 * owns the file and its mode, and that it is left as it is (it is not corrupt: moving it aside and
 * starting empty would let the next save replace the user's DSNs).
 */
export function storeReadError(file: string, error: unknown): AppError {
  const code = errnoOf(error);
  let owner = '';
  let hint = 'Check the file\'s permissions: it must be readable and writable by you (chmod 600).';
  try {
    const info = fs.statSync(file);
    owner = ` It belongs to uid ${info.uid} (gid ${info.gid}), mode ${octalMode(info.mode)}.`;
    const me = process.getuid?.();
    if (me !== undefined && info.uid !== me) hint = `It was written by another user (e.g. a run with sudo). Give it back to yourself: sudo chown ${me} "${file}"`;
  } catch {
    // stat failed too: the error code says enough.
  }
  return { code: 'STORE_IO', message: `The store file ${file} cannot be read (${code}).${owner} It is left as it is.`, hint, detail: code };
}

/** An error of the file system (it has an errno code), not of the file's content. */
function isReadFailure(error: unknown): boolean {
  return /^E[A-Z]+$/.test(errnoOf(error)) && errnoOf(error) !== 'ENOENT';
}

/** A Conf-like object over nothing that refuses every write with `error` (an unreadable store). */
function refusingConf(file: string, error: AppError): ConfLike {
  return {
    path: file,
    get: () => undefined,
    set: () => {
      throw Object.assign(new Error(error.message), { appError: error });
    },
  };
}

/** Drops unknown top-level keys nested deeper than {@link MAX_UNKNOWN_DEPTH}; answers their names. */
function dropDeepUnknownKeys(conf: ConfLike, parsed: Record<string, unknown>): string[] {
  const dropped = Object.keys(parsed).filter((key) => !KNOWN_KEYS.has(key) && depthOf(parsed[key], MAX_UNKNOWN_DEPTH) > MAX_UNKNOWN_DEPTH);
  if (conf.delete !== undefined) for (const key of dropped) conf.delete(key);
  return conf.delete === undefined ? [] : dropped;
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
function assertObjectFile(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new NotAnObjectError('store file is not a JSON object');
  return parsed as Record<string, unknown>;
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
    const parsed = assertObjectFile(file);
    const conf = createConf(options);
    const dsns = readAll(conf);
    const dropped = parsed === undefined ? [] : dropDeepUnknownKeys(conf, parsed);
    if (dropped.length > 0) logger.warn('Store file had unknown keys nested too deep to save; dropped them', { keys: dropped.length, maxDepth: MAX_UNKNOWN_DEPTH });
    return { conf, dsns };
  } catch (error) {
    if (isReadFailure(error)) {
      // Not corrupt, only unreadable (a root-owned file after one `sudo` run): never moved, never replaced.
      const unreadable = storeReadError(file, error);
      logger.error('Store file cannot be read; left as it is', { code: unreadable.detail });
      return { conf: refusingConf(file, unreadable), dsns: [], unreadable };
    }
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
