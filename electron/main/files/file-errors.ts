/**
 * File-system errors as the user sees them: one mapping from an errno code to a message and a
 * hint, for every file the app writes (Save to file, token files, .pgpass, the store file). The
 * code goes into `detail`; no content of the file ever does.
 */
import { dirname } from 'node:path';
import type { AppError } from '../../../shared/result';

/** The errno code of an error (`EACCES`), else its name, else `UNKNOWN`. */
export function errnoOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'UNKNOWN';
}

/** `0644`-style text of permission bits. */
export function octalMode(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/** True for "no such file or folder". */
export function isMissing(error: unknown): boolean {
  return errnoOf(error) === 'ENOENT';
}

/** The STORE_IO error for a failure to write `path`: what happened, in words, and what to do. */
export function fileError(path: string, error: unknown): AppError {
  const code = errnoOf(error);
  const folder = dirname(path);
  const messages: Record<string, [string, string]> = {
    ENOENT: [`The folder ${folder} does not exist.`, 'Create the folder first, or choose a path in an existing folder.'],
    ENOTDIR: [`A part of ${folder} is not a folder.`, 'Check the path.'],
    EACCES: [`No permission to write in ${folder}.`, 'Choose a folder you can write to, e.g. your home folder.'],
    EPERM: [`The system does not allow replacing ${path}.`, 'Check the file and folder permissions and attributes.'],
    EROFS: [`${folder} is on a read-only file system.`, 'Choose a folder on a writable disk.'],
    ENOSPC: ['The disk is full.', 'Free some space, then try again; the file keeps what it held.'],
    EDQUOT: ['The disk quota is exceeded.', 'Free some space, then try again; the file keeps what it held.'],
    EISDIR: [`${path} is a folder.`, 'Give the path of a file.'],
  };
  const [message, hint] = messages[code] ?? [`Could not write ${path}.`, 'Check the path and its permissions.'];
  return { code: 'STORE_IO', message, hint, detail: code };
}
