/**
 * Save to file: writes an export where the user chose in the OS save dialog, atomically, with
 * permissions that fit what the text is.
 *
 * Policy (issue #4, and issue #9's one .pgpass model):
 * - The page never picks a path on its own: main asks the save dialog every time; a path in the
 *   request only suggests the file NAME (its folder part is dropped), so a page cannot steer the
 *   dialog to ~/.bashrc or /etc: the user picks the folder.
 * - Mode 0600 (owner only) when the text holds a token or a password, and always for the `pgpass`
 *   format; 0644 otherwise. Written by files/secret-file.ts: a temp file created with the final
 *   mode, fsynced, renamed over the target, so the secret is never readable by others. A symbolic
 *   link at the target of a plain export is replaced by the new file, never written through.
 * - The `pgpass` format goes through the one .pgpass model the token refresher uses
 *   (files/pgpass-file.ts): this DSN's line is replaced in place or added, every other line stays
 *   byte for byte; a file group or others can read (libpq ignores it) or another user owns is
 *   refused, as is a file that is not a .pgpass; a symbolic link is followed and its real file
 *   replaced in its own folder, so the link survives. An export with no line to write (a recipe
 *   or a placeholder) may create a new file, but never changes an existing .pgpass.
 */
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { ExportFormat, ExportOutput } from '../../../shared/export-types';
import type { SavedExport } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import { fileError, isMissing } from '../files/file-errors';
import { pgpassEntryOf } from '../files/pgpass';
import { octalMode } from '../files/file-errors';
import { type FileOwner, processOwner, writePgpassEntry } from '../files/pgpass-file';
import { PLAIN_FILE_MODE, SECRET_FILE_MODE, writeFileAtomic } from '../files/secret-file';
import type { SaveDialogOptions } from '../platform/save-dialog';

/** The mode a file of this export gets: 0600 for a secret or any .pgpass file, else 0644. */
export function exportFileMode(output: Pick<ExportOutput, 'format' | 'containsSecret'>): number {
  return output.containsSecret || output.format === 'pgpass' ? SECRET_FILE_MODE : PLAIN_FILE_MODE;
}

const EXTENSIONS: Record<ExportFormat, string> = {
  uri: 'uri.txt',
  keyword: 'conninfo.txt',
  psql: 'psql.sh',
  env: 'env.sh',
  pgpass: 'pgpass',
  jdbc: 'jdbc.txt',
  python: 'py',
  odbc: 'odbc.txt',
  'odbc-community': 'odbc.txt',
  node: 'mjs',
  json: 'json',
};

/** A file name for the export of a DSN: its name made safe for any file system, and the format's extension. */
export function suggestedFileName(dsnName: string, format: ExportFormat): string {
  const stem = dsnName.normalize('NFKC').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'dsn';
  return `${stem}.${EXTENSIONS[format]}`;
}

/** The dialog's options for saving `output`; the file name of `suggested` (from the page), if any, pre-fills it. */
export function saveDialogOptions(dsnName: string, output: ExportOutput, suggested: string | undefined): SaveDialogOptions {
  const extension = EXTENSIONS[output.format].split('.').at(-1) ?? 'txt';
  return {
    title: output.containsSecret ? 'Save export (holds a secret: saved readable by you only)' : 'Save export',
    defaultPath: (suggested === undefined ? '' : basename(suggested.replace(/\\/g, '/'))) || suggestedFileName(dsnName, output.format),
    buttonLabel: 'Save',
    filters: [
      { name: `${output.format} export`, extensions: [extension] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

/** The .pgpass format: this DSN's line into the file by the one model; an export without a line only into a new file. */
async function savePgpass(path: string, output: ExportOutput, owner: FileOwner): Promise<Result<SavedExport>> {
  const entry = output.text.split('\n').map(pgpassEntryOf).find((e) => e !== undefined);
  const saved = { path, mode: '0600' as const, containsSecret: output.containsSecret, tokenExpiresAt: output.tokenExpiresAt };
  if (entry !== undefined) {
    const written = await writePgpassEntry(path, entry.key, entry.password, owner);
    return written.ok ? ok({ ...saved, keptLines: written.value.otherEntries, pgpassLine: written.value.placement }) : written;
  }
  let exists = true;
  try {
    await lstat(path);
  } catch (error) {
    if (!isMissing(error)) return { ok: false, error: fileError(path, error) };
    exists = false;
  }
  if (exists) {
    return err('VALIDATION', `${path} exists, and this export holds no .pgpass line to put in it (no password or token); nothing was changed.`, {
      hint: 'Export with the live token (or the password) to write this DSN\'s line into it, or choose a new file name for the recipe.',
    });
  }
  const written = await writeFileAtomic(path, withNewline(output.text), { mode: SECRET_FILE_MODE, unchanged: null });
  return written.ok ? ok({ ...saved, keptLines: 0 }) : written;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Writes `output.text` to `path` (absolute) as described above. The text never appears in a
 * result or an error; the error names the path and the OS error code only. `owner` (tests): whose
 * files may be written, and whether modes count.
 */
export async function writeExportFile(path: string, output: ExportOutput, owner: FileOwner = processOwner()): Promise<Result<SavedExport>> {
  if (!isAbsolute(path)) return err('VALIDATION', 'The file path must be absolute.', { fieldErrors: { path: ['Choose the file in the save dialog'] } });
  let before: Stats | undefined;
  try {
    before = await lstat(path);
  } catch (error) {
    if (!isMissing(error)) return { ok: false, error: fileError(path, error) };
  }
  if (before?.isDirectory()) return err('VALIDATION', `${path} is a folder.`, { hint: 'Choose a file name.' });
  if (output.format === 'pgpass') return savePgpass(path, output, owner);
  const mode = exportFileMode(output);
  const replacedMode = before?.isFile() === true && (before.mode & 0o077 & ~mode) !== 0 ? octalMode(before.mode) : undefined;
  const written = await writeFileAtomic(path, withNewline(output.text), { mode });
  if (!written.ok) return written;
  return ok({ path, mode: mode === SECRET_FILE_MODE ? '0600' : '0644', containsSecret: output.containsSecret, tokenExpiresAt: output.tokenExpiresAt, keptLines: 0, replacedMode });
}
