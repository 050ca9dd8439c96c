/**
 * The one way the app replaces a file it writes for the user (Save to file, token files,
 * .pgpass): a temp file in the same folder, created exclusively with the final mode (so a secret
 * is never readable by others, not even for a moment), the mode set exactly whatever the umask,
 * written and fsynced, renamed over the target, then the folder fsynced so the rename survives a
 * crash. Never a half-written file, never a stray temp file.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { fileError, isMissing } from './file-errors';

/** Owner read/write only. */
export const SECRET_FILE_MODE = 0o600;
/** Owner read/write, everyone else read. */
export const PLAIN_FILE_MODE = 0o644;

export interface AtomicWriteOptions {
  /** The file's permission bits (Windows ignores them). */
  mode: number;
  /**
   * Replace only while `path` is still this file (same inode, size and modification time): a
   * file edited in place (.pgpass) that someone else changed meanwhile answers CANCELLED, to be
   * read again. `null`: the file must still be missing.
   */
  unchanged?: Stats | null | undefined;
}

/** `stat` of `path`, or undefined when there is nothing there. */
export async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  return (await statOrUndefined(path)) ?? null;
}

/** The file to write: a symbolic link is followed (dotfile links keep working); a missing file is itself. */
export async function followLink(path: string): Promise<Result<string>> {
  try {
    const info = await lstat(path);
    return ok(info.isSymbolicLink() ? await realpath(path) : path);
  } catch (error) {
    return isMissing(error) ? ok(path) : { ok: false, error: fileError(path, error) };
  }
}

/** Where a write to `path` lands: the real file (links followed), in a folder that exists, and what is there now. */
export interface WriteTarget {
  real: string;
  /** The existing file, if any. */
  info: Stats | undefined;
}

/** The {@link WriteTarget} of an absolute `path`; VALIDATION for a relative one, STORE_IO for a missing folder. */
export async function writeTarget(path: string): Promise<Result<WriteTarget>> {
  if (!isAbsolute(path)) return err('VALIDATION', 'The file path must be absolute.', { fieldErrors: { 'target.path': ['Give an absolute path, e.g. /home/me/.pgpass'] } });
  const real = await followLink(path);
  if (!real.ok) return real;
  try {
    const folder = await statOrUndefined(dirname(real.value));
    if (folder === undefined) return { ok: false, error: fileError(real.value, Object.assign(new Error('missing folder'), { code: 'ENOENT' })) };
    if (!folder.isDirectory()) return { ok: false, error: fileError(real.value, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })) };
    return ok({ real: real.value, info: await statOrUndefined(real.value) });
  } catch (error) {
    return { ok: false, error: fileError(real.value, error) };
  }
}

function sameFile(a: Stats | null, b: Stats | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Writes `content` (text as UTF-8, or bytes) to `path` atomically with `options.mode`; a symbolic link AT `path` is replaced, not written through. */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions): Promise<Result<void>> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temp, 'wx', options.mode);
    created = true;
    try {
      await handle.chmod(options.mode);
      await (typeof content === 'string' ? handle.writeFile(content, 'utf8') : handle.writeFile(content));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.unchanged !== undefined && !sameFile(await statOrNull(path), options.unchanged)) {
      return err('CANCELLED', `${path} changed while it was being updated.`);
    }
    await rename(temp, path);
    created = false;
    await syncFolder(folder);
    return ok(undefined);
  } catch (error) {
    return { ok: false, error: fileError(path, error) };
  } finally {
    if (created) await unlink(temp).catch(() => undefined);
  }
}

/** Makes a rename durable; some file systems (and Windows) cannot fsync a folder, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
