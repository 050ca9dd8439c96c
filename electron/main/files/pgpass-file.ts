/**
 * The one `.pgpass` file model both Save to file and the token refresher write through: edit in
 * place (this DSN's line only, every other line byte for byte, see pgpass.ts), and refuse what
 * libpq would refuse or what is not ours to edit — a file group or others can read or write
 * (libpq ignores it), a file another user owns, something that is not a .pgpass file. A symbolic
 * link is followed to the real file, which is replaced atomically in its own folder, so the link
 * survives. Modes and owners mean nothing on Windows, where they are not checked.
 */
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../../shared/result';
import type { PgpassLinePlacement } from '../../../shared/ipc-contract';
import { fileError, octalMode } from './file-errors';
import { firstNonPgpassLine, isOwnLine, type PgpassKey, pgpassPlacement, upsertPgpassEntry } from './pgpass';
import { SECRET_FILE_MODE, statOrUndefined, writeFileAtomic, writeTarget } from './secret-file';

/** Whose file it may be and whether modes count: the running process's, injectable for tests. */
export interface FileOwner {
  platform: NodeJS.Platform;
  /** The user id files must belong to (`process.getuid()`); undefined where there is none (Windows). */
  uid: number | undefined;
}

/** This process: its platform and user. */
export function processOwner(): FileOwner {
  return { platform: process.platform, uid: process.getuid?.() };
}

/** Largest existing file read as a .pgpass (a .pgpass is a few lines). */
export const MAX_PGPASS_BYTES = 1024 * 1024;
/** How often a .pgpass changed under us is read again before giving up. */
const MAX_ATTEMPTS = 3;

/** What writing a line did. */
export interface PgpassWritten {
  /** The file really written: the link's target when `path` is a symbolic link. */
  realPath: string;
  /** Entries of other DSNs (not comments, not blank) the file still holds, untouched. */
  otherEntries: number;
  /** Where this DSN's line went: replaced in place, added at the end, or put before a wildcard line libpq would use first. */
  placement: PgpassLinePlacement;
}

/** The rules an existing file (`info`, at `path`) must meet before a file of `what` replaces it. */
export function checkReplaceable(path: string, info: Stats, what: string, owner: FileOwner): Result<void> {
  if (!info.isFile()) return err('VALIDATION', `${path} is not a regular file.`, { hint: 'Give the path of a file, e.g. ~/.pgpass.' });
  if (info.size > MAX_PGPASS_BYTES) return err('VALIDATION', `${path} is larger than 1 MB: not a ${what}.`, { hint: 'Check the path.' });
  if (owner.platform === 'win32') return ok(undefined);
  if (owner.uid !== undefined && info.uid !== owner.uid) {
    return err('VALIDATION', `${path} belongs to another user (uid ${info.uid}); the app does not write into it.`, { hint: 'Use a file of your own, e.g. ~/.pgpass.' });
  }
  return ok(undefined);
}

/** Refuses a .pgpass that group or others may read or write: libpq ignores such a file, so writing into it would not work anyway. */
function checkPgpassMode(path: string, info: Stats, owner: FileOwner): Result<void> {
  if (owner.platform === 'win32' || (info.mode & 0o077) === 0) return ok(undefined);
  return err('VALIDATION', `${path} is readable or writable by group or others (mode ${octalMode(info.mode)}); libpq ignores such a password file, so the app does not write into it.`, {
    hint: `Run: chmod 600 ${path} — then try again.`,
  });
}

/**
 * Whether a line could be written into the .pgpass at `path` now (absolute; the folder exists;
 * an existing file is a regular .pgpass file of this user that only its owner can read), without
 * writing. Answers the real file's path.
 */
export async function checkPgpassFile(path: string, owner: FileOwner): Promise<Result<string>> {
  const target = await writeTarget(path);
  if (!target.ok) return target;
  const { real, info } = target.value;
  if (info === undefined) return ok(real);
  const rules = checkReplaceable(real, info, '.pgpass file', owner);
  if (!rules.ok) return rules;
  const mode = checkPgpassMode(real, info, owner);
  if (!mode.ok) return mode;
  let content: string;
  try {
    content = await readFile(real, 'utf8');
  } catch (error) {
    return { ok: false, error: fileError(real, error) };
  }
  const line = firstNonPgpassLine(content);
  if (line === undefined) return ok(real);
  return err('VALIDATION', `${real} does not look like a .pgpass file (line ${line} is not host:port:database:user:password); the app does not write into it.`, {
    hint: 'Check the path. A .pgpass file holds only such lines, comments (#) and blank lines.',
  });
}

/** Writes into one real file at a time within this process (the refresher and Save to file may meet on ~/.pgpass). */
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

function otherEntries(text: string, key: PgpassKey): number {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#') && !isOwnLine(l, key)).length;
}

/**
 * Puts `password` into the .pgpass at `path` for `key`, by the rules of {@link checkPgpassFile}:
 * this DSN's line replaced in place or added (pgpass.ts), every other byte kept, the real file
 * replaced atomically with mode 0600. A file changed by someone else between read and write is
 * read again (a few times).
 */
export function writePgpassEntry(path: string, key: PgpassKey, password: string, owner: FileOwner): Promise<Result<PgpassWritten>> {
  return serialised(path, async () => {
    for (let attempt = 1; ; attempt++) {
      const real = await checkPgpassFile(path, owner);
      if (!real.ok) return real;
      let before: Stats | null;
      let content = '';
      try {
        before = (await statOrUndefined(real.value)) ?? null;
        if (before !== null) content = await readFile(real.value, 'utf8');
      } catch (error) {
        return { ok: false, error: fileError(real.value, error) };
      }
      const text = upsertPgpassEntry(content, key, password);
      const written = await writeFileAtomic(real.value, text, { mode: SECRET_FILE_MODE, unchanged: before });
      if (written.ok) return ok({ realPath: real.value, otherEntries: otherEntries(text, key), placement: pgpassPlacement(content, key) });
      if (written.error.code !== 'CANCELLED') return written;
      if (attempt >= MAX_ATTEMPTS) return err('STORE_IO', `${real.value} kept changing while it was being updated.`, { hint: 'Try again in a moment.' });
    }
  });
}
