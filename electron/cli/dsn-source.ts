/**
 * Where the CLI's DSN comes from: the app's store file, opened read-only for the app's own
 * DsnStore and schema (secrets it cannot decrypt stay encrypted), or a DSN JSON file validated
 * with the form's schema. The CLI never writes, moves or creates the store file.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { StoreFilePort } from '../main/app-services';
import { errnoOf, isMissing } from '../main/files/file-errors';
import { FileTooLargeError, readTextBounded, sizeWords } from '../main/files/read-bounded';
import type { SecretCipher } from '../main/platform/cipher';
import type { ConfLike } from '../main/library/store';
import { storeFileSchema, storeReadError } from '../main/library/store-file';
import { type Dsn, dsnSchema, foldName, type SavedDsn, toFieldErrors } from '../../shared/dsn';
import { err, ok, type Result } from '../../shared/result';

/**
 * The CLI's {@link SecretCipher}: plain Node cannot open what Electron's safeStorage encrypted,
 * so it reports unavailable and refuses both ways.
 */
export const unavailableCipher: SecretCipher = {
  isAvailable: () => Promise.resolve(false),
  encrypt: () => Promise.reject(new Error('The CLI cannot encrypt secrets: only the app can (OS keychain through Electron).')),
  decrypt: () => Promise.reject(new Error('The CLI cannot decrypt the app\'s secrets: they are encrypted by the OS keychain through Electron.')),
};

/** The most `--file` reads: a DSN file is a few hundred bytes. */
export const MAX_DSN_FILE_BYTES = 1024 * 1024;
/** The most a store file is read (10,000 DSNs take about 10 MB). */
export const MAX_STORE_FILE_BYTES = 64 * 1024 * 1024;

/** A Conf-like view of a store file's content that refuses every write. */
export class ReadOnlyConf implements ConfLike {
  constructor(
    readonly path: string,
    private readonly content: Readonly<Record<string, unknown>>,
  ) {}

  get(key: string): unknown {
    return this.content[key];
  }

  set(): void {
    throw new Error('The CLI never writes the store file.');
  }
}

/** A store file opened by the CLI (read-only), and whether it exists at all. */
export interface OpenedCliStore {
  storeFile: StoreFilePort;
  path: string;
  exists: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


function readStoreContent(file: string): Result<Record<string, unknown>> {
  // Missing is an empty store; a path the CLI may not even look at (EACCES on a folder) is not missing.
  try {
    statSync(file);
  } catch (error) {
    return isMissing(error) ? ok({}) : { ok: false, error: storeReadError(file, error) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTextBounded(file, MAX_STORE_FILE_BYTES));
  } catch (error) {
    if (error instanceof FileTooLargeError) return err('STORE_IO', `The store file ${file} cannot be used: it is larger than ${sizeWords(error.maxBytes)}.`, { hint: 'Check the path given with --store.' });
    if (!(error instanceof SyntaxError)) return { ok: false, error: storeReadError(file, error) };
    return err('STORE_IO', `The store file ${file} cannot be used: it is not valid JSON.`, { hint: 'Pass another file with --store, or open the app (it moves a corrupt store file aside).' });
  }
  const checked = isRecord(parsed) ? storeFileSchema.safeParse(parsed) : undefined;
  if (checked === undefined || !checked.success || !isRecord(parsed)) {
    return err('STORE_IO', `The store file ${file} does not have the format this version of iam-dsn reads.`, {
      hint: 'It may come from another version of the app. Pass another file with --store, or use --file with a DSN JSON file.',
      fieldErrors: checked !== undefined && !checked.success ? toFieldErrors(checked.error) : undefined,
    });
  }
  return ok(parsed);
}

/**
 * Opens a store file read-only for the app's DsnStore. A missing file is an empty store; a file
 * that is not the app's format is a STORE_IO error (and, unlike in the app, is left where it is).
 */
export function openStoreReadOnly(file: string): Result<OpenedCliStore> {
  const absolute = path.resolve(file);
  const content = readStoreContent(absolute);
  if (!content.ok) return content;
  const exists = existsSync(absolute);
  const base = path.basename(absolute);
  const storeFile: StoreFilePort = {
    createConf: () => new ReadOnlyConf(absolute, content.value),
    directory: path.dirname(absolute),
    name: base.endsWith('.json') ? base.slice(0, -'.json'.length) : base,
    readOnly: true,
  };
  return ok({ storeFile, path: absolute, exists });
}

/** No store at all, for commands on a DSN file (the services want a store). */
export function noStoreFile(dsnFile: string): StoreFilePort {
  const absolute = path.resolve(dsnFile);
  return { createConf: () => new ReadOnlyConf(`${absolute} (no store: --file)`, {}), directory: path.dirname(absolute), name: 'iam-dsn-cli-no-store', readOnly: true };
}

/** A saved DSN of `saved` (the store's list) by id, or by name as the store compares names ({@link foldName}). */
export function findSaved(opened: Pick<OpenedCliStore, 'path' | 'exists'>, saved: readonly SavedDsn[], nameOrId: string): Result<SavedDsn> {
  const found = saved.find((d) => d.id === nameOrId) ?? saved.find((d) => foldName(d.name) === foldName(nameOrId));
  if (found !== undefined) return ok(found);
  const names = saved.map((d) => d.name);
  const known = !opened.exists ? `the store file ${opened.path} does not exist yet (save a DSN in the app first)` : names.length === 0 ? `${opened.path} holds no DSN` : `saved DSNs: ${names.join(', ')}`;
  return err('NOT_FOUND', `No saved DSN is named "${nameOrId}"; ${known}.`, { hint: 'Check the name with `iam-dsn list`, pass another store with --store, or a DSN JSON file with --file.' });
}

/** Reads and validates a DSN JSON file (the `Dsn` object of shared/dsn.ts; see docs/cli.md). */
export function readDsnFile(file: string): Result<Dsn> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTextBounded(file, MAX_DSN_FILE_BYTES));
  } catch (error) {
    // Not the parser's message: it quotes the file's text, which may be anything.
    const reason = error instanceof SyntaxError ? 'it is not valid JSON' : error instanceof FileTooLargeError ? `it is larger than ${sizeWords(error.maxBytes)} (a DSN file is a few hundred bytes)` : `it cannot be read (${errnoOf(error)})`;
    return err('VALIDATION', `The DSN file ${file} cannot be used: ${reason}.`, { fieldErrors: { _: [reason] } });
  }
  const checked = dsnSchema.safeParse(parsed);
  if (checked.success) return ok(checked.data);
  const fieldErrors = toFieldErrors(checked.error);
  const count = Object.values(fieldErrors).reduce((n, list) => n + list.length, 0);
  return err('VALIDATION', `The DSN file ${file} is not valid (${count} problem${count === 1 ? '' : 's'}).`, {
    fieldErrors,
    hint: 'The file holds one DSN object as the app exports it (Export → JSON); docs/cli.md lists every field.',
  });
}
