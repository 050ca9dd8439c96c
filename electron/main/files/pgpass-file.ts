/**
 * The one `.pgpass` file model both Save to file and the token refresher write through: edit in
 * place as bytes (this DSN's line only, every other byte as it was, in whatever encoding; see
 * pgpass.ts), and refuse what libpq would refuse or what is not ours to edit — a file group or
 * others can read or write (libpq ignores it), a file another user owns, one outside the user's
 * home (for the refresher), something that is not a .pgpass file. A symbolic link is followed to
 * the real file, which is replaced atomically in its own folder, so the link survives; the rewrite
 * holds an advisory lock (pgpass-lock.ts) and loses no line another writer appended meanwhile.
 * Modes and owners mean nothing on Windows, where they are not checked.
 */
import type { Stats } from 'node:fs';
import { appendFile, type FileHandle, open, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import type { PgpassLinePlacement } from '../../../shared/ipc-contract';
import { errnoOf, fileError, octalMode } from './file-errors';
import { type FileLock, lockFile } from './pgpass-lock';
import { firstNonPgpassLine, isOwnLine, type PgpassKey, pgpassPlacement, upsertPgpassEntry } from './pgpass';
import { SECRET_FILE_MODE, writeFileAtomic, writeTarget } from './secret-file';

/** Whose file it may be and whether modes count: the running process's, injectable for tests. */
export interface FileOwner {
  platform: NodeJS.Platform;
  /** The user id files must belong to (`process.getuid()`); undefined where there is none (Windows). */
  uid: number | undefined;
  /** When set, a .pgpass must be inside this folder (the refresher keeps only the user's own files fresh). */
  homedir?: string | undefined;
  /** How this process takes the advisory lock of a file it rewrites (pgpass-lock.ts); none when undefined. */
  lock?: ((path: string) => Promise<FileLock>) | undefined;
}

/** This process: its platform and user, and flock(2) where there is one. */
export function processOwner(): FileOwner {
  return { platform: process.platform, uid: process.getuid?.(), lock: lockFile };
}

/** Largest existing file read as a .pgpass (a .pgpass is a few lines). */
export const MAX_PGPASS_BYTES = 1024 * 1024;
/** How often a .pgpass changed under us is read again before giving up. */
const MAX_ATTEMPTS = 10;

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
 * libpq compares bytes, and a .pgpass may hold lines in any encoding (a Latin-1 password): the
 * file is read and written as bytes, one `latin1` character per byte, and the key and password
 * become their UTF-8 bytes the same way. Other lines then go back byte for byte.
 */
function asBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

async function readBytes(path: string): Promise<string> {
  return (await readFile(path)).toString('latin1');
}

/** `real` is inside `homedir` (both with links resolved); true when there is no home rule. */
async function insideHome(real: string, homedir: string | undefined): Promise<boolean> {
  if (homedir === undefined) return true;
  const home = await realpath(homedir).catch(() => resolve(homedir));
  const folder = await realpath(dirname(real)).catch(() => resolve(dirname(real)));
  const rel = relative(home, join(folder, basename(real)));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Whether a line could be written into the .pgpass at `path` now, without writing; answers the
 * real file's path. In this order, so that no advice is given about a file refused for another
 * reason: absolute, its folder exists, inside the user's home (when the owner says whose), a
 * regular file of this user, readable, every line a .pgpass line (exactly five fields, comments,
 * blanks: not a passwd or shadow file), and only then the mode (read and write for its owner,
 * nothing for group and others, as libpq wants).
 */
export async function checkPgpassFile(path: string, owner: FileOwner): Promise<Result<string>> {
  const target = await writeTarget(path);
  if (!target.ok) return target;
  const { real, info } = target.value;
  if (!(await insideHome(real, owner.homedir))) {
    return err('VALIDATION', `${real} is outside your home folder; the app keeps only a .pgpass of your own fresh.`, { hint: 'Use a password file in your home folder, e.g. ~/.pgpass.' });
  }
  if (info === undefined) return ok(real);
  const rules = checkReplaceable(real, info, '.pgpass file', owner);
  if (!rules.ok) return rules;
  let content: string;
  try {
    content = await readBytes(real);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EACCES' || code === 'EPERM') return err('VALIDATION', `${real} cannot be read (${code}, mode ${octalMode(info.mode)}); the app does not write into it.`, { hint: 'Check the path.', detail: code });
    return { ok: false, error: fileError(real, error) };
  }
  const line = firstNonPgpassLine(content);
  if (line !== undefined) {
    return err('VALIDATION', `${real} is not a .pgpass file (line ${line} is not host:port:database:user:password); the app does not write into it.`, {
      hint: 'Check the path. A .pgpass file holds only such lines, comments (#) and blank lines.',
    });
  }
  if (owner.platform !== 'win32' && (info.mode & 0o600) !== 0o600) {
    return err('VALIDATION', `${real} has mode ${octalMode(info.mode)}: its owner cannot read and write it, so libpq cannot use it; the app does not change it.`, {
      hint: `If it is your password file, run: chmod 600 ${real} — then try again.`,
    });
  }
  const mode = checkPgpassMode(real, info, owner);
  return mode.ok ? ok(real) : mode;
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

/** The key with each field as its UTF-8 bytes (see {@link asBytes}). */
function byteKey(key: PgpassKey): PgpassKey {
  return { host: asBytes(key.host), port: asBytes(key.port), database: asBytes(key.database), user: asBytes(key.user) };
}

/**
 * Puts `password` into the .pgpass at `path` for `key`, by the rules of {@link checkPgpassFile}:
 * this DSN's line replaced in place or added (pgpass.ts), every other byte kept, the real file
 * replaced atomically with mode 0600. Another writer is kept out by an advisory lock on the file
 * (pgpass-lock.ts) where the platform has one; a writer that does not lock is caught by checks
 * before and after the rename: a file changed before it is read again, and lines appended to the
 * old file while it was being replaced are carried over into the new one.
 */
export function writePgpassEntry(path: string, key: PgpassKey, password: string, owner: FileOwner): Promise<Result<PgpassWritten>> {
  return serialised(path, async () => {
    const real = await checkPgpassFile(path, owner);
    if (!real.ok) return real;
    const lock = owner.lock === undefined ? undefined : await owner.lock(real.value);
    try {
      return await writeLocked(real.value, byteKey(key), asBytes(password), owner);
    } finally {
      await lock?.release();
    }
  });
}

async function writeLocked(path: string, key: PgpassKey, password: string, owner: FileOwner): Promise<Result<PgpassWritten>> {
  // Lines appended to a file this rewrite replaced: not in the file yet, so kept until written.
  let carried = '';
  let conflicts = 0;
  for (;;) {
    let old: FileHandle | undefined;
    try {
      old = await openIfPresent(path);
      // The open file's own stat: what the rename must still find at `path` (secret-file.ts re-checks it).
      const before = old === undefined ? null : await old.stat();
      const content = old === undefined ? '' : (await old.readFile()).toString('latin1');
      const base = appendLines(content, carried);
      const text = upsertPgpassEntry(base, key, password);
      const written = await writeFileAtomic(path, Buffer.from(text, 'latin1'), { mode: SECRET_FILE_MODE, unchanged: before });
      if (written.ok) {
        // Appended to the old file (by a writer that does not lock) after we read it: carry it over.
        const late = old === undefined ? '' : await lateBytes(old, content.length);
        if (late === '') return ok({ realPath: path, otherEntries: otherEntries(text, key), placement: pgpassPlacement(base, key) });
        carried = late;
      } else if (written.error.code !== 'CANCELLED') {
        return written;
      } else {
        conflicts += 1;
      }
    } catch (error) {
      return { ok: false, error: fileError(path, error) };
    } finally {
      await old?.close();
    }
    if (conflicts >= MAX_ATTEMPTS) {
      // Giving up: lines carried from a replaced file go back the way their writer meant them, appended.
      if (carried !== '') await appendFile(path, Buffer.from(carried, 'latin1')).catch(() => undefined);
      return err('STORE_IO', `${path} kept changing while it was being updated.`, { hint: 'Try again in a moment.' });
    }
    const again = await checkPgpassFile(path, owner);
    if (!again.ok) return again;
  }
}

async function openIfPresent(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * What was appended to the replaced file past `offset`: now, and once more a moment later, for a
 * writer that opened it before the rename and writes after (a shell's `>>` is open, then write).
 * Narrows that window; only a writer that locks closes it.
 */
async function lateBytes(handle: FileHandle, offset: number): Promise<string> {
  const now = await bytesAfter(handle, offset);
  if (now !== '') return now;
  await new Promise((resolve) => setTimeout(resolve, LATE_APPEND_WAIT_MS));
  return bytesAfter(handle, offset);
}

/** How long a rewrite watches the replaced file for a late append. */
const LATE_APPEND_WAIT_MS = 30;

/** What an open file holds past `offset` now, as bytes. */
async function bytesAfter(handle: FileHandle, offset: number): Promise<string> {
  const size = (await handle.stat()).size;
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  await handle.read(buffer, 0, buffer.length, offset);
  return buffer.toString('latin1');
}

/** `content` with `lines` after it (after a line end if it lacks one). */
function appendLines(content: string, lines: string): string {
  if (lines === '') return content;
  return content === '' || content.endsWith('\n') ? content + lines : `${content}\n${lines}`;
}
