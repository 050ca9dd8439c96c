/**
 * Save to file: writes an export where the user chose in the OS save dialog, atomically, with
 * permissions that fit what the text is.
 *
 * Policy (issue #4):
 * - The page never picks a path on its own: main asks the {@link SaveDialogPort} every time; a
 *   path in the request only suggests the file NAME (its folder part is dropped), so a page cannot
 *   steer the dialog to ~/.bashrc or /etc: the user picks the folder.
 * - Mode 0600 (owner only) when the text holds a token or a password, and always for the `pgpass`
 *   format (libpq ignores a password file that group or others can read); 0644 otherwise. The mode
 *   is set exactly (fchmod), whatever the umask, before the file gets its name.
 * - Atomic: a temp file in the same folder (created O_EXCL with the final mode, so the secret is
 *   never readable by others, not even for a moment), fsync, then rename over the target. A
 *   symlink at the target is replaced by the new file, never written through.
 * - An existing .pgpass is NOT refused when group/world-readable: it is replaced by a 0600 file
 *   (the old, looser mode is reported as `replacedMode`). Refusing would leave the user with the
 *   unsafe file and no working one. Its other lines (other servers' entries) are kept below the
 *   new line, and an older line for the same host, port, database and user is dropped, so saving
 *   into ~/.pgpass never loses other passwords and libpq finds the new line first.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { ExportFormat, ExportOutput } from '../../../shared/export-types';
import type { SavedExport } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { SaveDialogOptions } from '../platform/save-dialog';

/** Owner read/write only. */
export const SECRET_FILE_MODE = 0o600;
/** Owner read/write, everyone else read. */
export const PLAIN_FILE_MODE = 0o644;

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

/** `0600`-style text of permission bits. */
function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/** The `host:port:database:user:` prefix of a .pgpass line (up to the fourth unescaped `:`), or undefined. */
export function pgpassPrefix(line: string): string | undefined {
  let colons = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === ':' && ++colons === 4) return line.slice(0, i + 1);
  }
  return undefined;
}

/** The new .pgpass text: our lines first, then the old file's lines except ours and older ones for the same entry. */
export function mergePgpass(ours: string, previous: string): { text: string; keptLines: number } {
  const newLines = ours.split('\n').filter((l) => l !== '');
  const prefixes = newLines.filter((l) => !l.startsWith('#')).flatMap((l) => pgpassPrefix(l) ?? []);
  const same = new Set(newLines);
  const kept = previous
    .split(/\r?\n/)
    .filter((l) => l !== '' && !same.has(l) && !prefixes.some((p) => !l.startsWith('#') && l.startsWith(p)));
  return { text: [...newLines, ...kept].join('\n') + '\n', keptLines: kept.filter((l) => !l.startsWith('#') && l.trim() !== '').length };
}

/** The largest existing .pgpass read for merging; a bigger one is not a .pgpass. */
const MAX_PGPASS_BYTES = 1024 * 1024;

function ioError(path: string, error: unknown): Result<never> {
  const code = error instanceof Error && 'code' in error ? String(error.code) : error instanceof Error ? error.name : typeof error;
  const hint = code === 'EACCES' || code === 'EPERM' ? 'Choose a folder you can write to.' : code === 'ENOENT' ? 'The folder does not exist any more: choose another.' : undefined;
  return err('STORE_IO', `Could not write ${path}.`, { hint, detail: code });
}

/**
 * Writes `output.text` to `path` (absolute) as described above. The text never appears in a
 * result or an error; the error names the path and the OS error code only.
 */
export async function writeExportFile(path: string, output: ExportOutput): Promise<Result<SavedExport>> {
  if (!isAbsolute(path)) return err('VALIDATION', 'The file path must be absolute.', { fieldErrors: { path: ['Choose the file in the save dialog'] } });
  const mode = exportFileMode(output);
  let text = output.text.endsWith('\n') ? output.text : `${output.text}\n`;
  let keptLines = 0;
  let replacedMode: string | undefined;
  let before: Stats | undefined;
  try {
    before = await lstat(path);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) return ioError(path, error);
  }
  if (before?.isDirectory()) return err('VALIDATION', `${path} is a folder.`, { hint: 'Choose a file name.' });
  if (before?.isFile()) {
    if ((before.mode & 0o077 & ~mode) !== 0) replacedMode = octal(before.mode);
    if (output.format === 'pgpass' && before.size <= MAX_PGPASS_BYTES) {
      const previous = await readFile(path, 'utf8').catch(() => '');
      ({ text, keptLines } = mergePgpass(text, previous));
    }
  }

  const temp = join(dirname(path), `.${basename(path).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    return ioError(path, error);
  }
  await syncFolder(dirname(path));
  return ok({
    path,
    mode: mode === SECRET_FILE_MODE ? '0600' : '0644',
    containsSecret: output.containsSecret,
    tokenExpiresAt: output.tokenExpiresAt,
    keptLines,
    replacedMode,
  });
}

/** Makes the rename durable where the OS allows it (not on Windows). */
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
