/**
 * Writes a token into a file atomically: a temp file in the same folder (created 0600, fsynced),
 * renamed over the target, then the folder fsynced. A `.pgpass` file gets only its DSN line
 * changed (files/pgpass.ts); a password file holds the token and a newline. Never logs or returns
 * the token. Writes to one path run one at a time, and a `.pgpass` file changed by someone else
 * between read and rename is read again.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { RefresherTarget } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import { firstNonPgpassLine, type PgpassKey, upsertPgpassEntry } from '../files/pgpass';

/** What the refresher needs from a writer; {@link TokenFileWriter} is the real one. */
export interface TokenFileWriterPort {
  /** Whether `target` could be written now (folder, file type, `.pgpass` mode), without writing. */
  check(target: RefresherTarget): Promise<Result<void>>;
  /** Puts `token` into `target`; `key` is required for `pgpass`. */
  write(target: RefresherTarget, token: string, key: PgpassKey | undefined): Promise<Result<void>>;
}

/** Largest existing file the writer reads (a .pgpass is a few lines). */
const MAX_EXISTING_BYTES = 1024 * 1024;
/** How often a .pgpass changed under us is read again before giving up. */
const MAX_ATTEMPTS = 3;
/** What a password file may already hold to be replaced: nothing, or one IAM token line. */
const TOKEN_FILE = /^(?:\s*|[^\s/]+\/\?\S*X-Amz-Signature=[0-9a-f]+\S*\r?\n?)$/;

/** File-system errors as the user sees them (the errno code goes into `detail`, never a token). */
export function fileError(path: string, error: unknown): Result<never> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  const folder = dirname(path);
  const messages: Record<string, [string, string]> = {
    ENOENT: [`The folder ${folder} does not exist.`, 'Create the folder first, or choose a path in an existing folder.'],
    ENOTDIR: [`A part of ${folder} is not a folder.`, 'Check the path.'],
    EACCES: [`No permission to write in ${folder}.`, 'Choose a folder you can write to, e.g. your home folder.'],
    EPERM: [`The system does not allow replacing ${path}.`, 'Check the file and folder permissions and attributes.'],
    EROFS: [`${folder} is on a read-only file system.`, 'Choose a folder on a writable disk.'],
    ENOSPC: ['The disk is full.', 'Free some space; the file keeps its previous token meanwhile.'],
    EDQUOT: ['The disk quota is exceeded.', 'Free some space; the file keeps its previous token meanwhile.'],
    EISDIR: [`${path} is a folder.`, 'Give the path of a file, e.g. ~/.pgpass.'],
  };
  const [message, hint] = messages[code] ?? [`Could not write ${path}.`, 'Check the path and its permissions.'];
  return err('STORE_IO', message, { hint, detail: code });
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/** The file to replace: a symbolic link is followed (so dotfile links keep working); a missing file is itself. */
async function realTarget(path: string): Promise<Result<string>> {
  try {
    const info = await lstat(path);
    return ok(info.isSymbolicLink() ? await realpath(path) : path);
  } catch (error) {
    return isMissing(error) ? ok(path) : fileError(path, error);
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The rules an existing file must meet before it is replaced. `platform`: libpq checks modes except on Windows. */
function checkExisting(target: RefresherTarget, path: string, info: Stats, platform: NodeJS.Platform): Result<void> {
  if (!info.isFile()) return err('VALIDATION', `${path} is not a regular file.`, { hint: 'Give the path of a file, e.g. ~/.pgpass.' });
  if (info.size > MAX_EXISTING_BYTES) return err('VALIDATION', `${path} is larger than 1 MB: not a ${target.kind === 'pgpass' ? '.pgpass' : 'password'} file.`, { hint: 'Check the path.' });
  if (target.kind === 'pgpass' && platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    return err('VALIDATION', `${path} is readable or writable by group or others (mode ${mode}); libpq ignores such a password file, so the refresher does not write into it.`, {
      hint: `Run: chmod 600 ${path} — then start again.`,
    });
  }
  return ok(undefined);
}

/** The real writer. */
export class TokenFileWriter implements TokenFileWriterPort {
  private readonly queues = new Map<string, Promise<unknown>>();

  /** `platform` decides whether file modes count (not on Windows, where libpq does not check them). */
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  async check(target: RefresherTarget): Promise<Result<void>> {
    if (!isAbsolute(target.path)) return err('VALIDATION', 'The file path must be absolute.', { fieldErrors: { 'target.path': ['Give an absolute path, e.g. /home/me/.pgpass'] } });
    const real = await realTarget(target.path);
    if (!real.ok) return real;
    try {
      const folder = await statOrUndefined(dirname(real.value));
      if (folder === undefined) return fileError(real.value, Object.assign(new Error('missing folder'), { code: 'ENOENT' }));
      if (!folder.isDirectory()) return fileError(real.value, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
      const info = await statOrUndefined(real.value);
      if (info === undefined) return ok(undefined);
      const rules = checkExisting(target, real.value, info, this.platform);
      if (!rules.ok) return rules;
      return await this.checkContent(target, real.value);
    } catch (error) {
      return fileError(real.value, error);
    }
  }

  write(target: RefresherTarget, token: string, key: PgpassKey | undefined): Promise<Result<void>> {
    const queueKey = resolve(target.path);
    const previous = this.queues.get(queueKey) ?? Promise.resolve();
    const next = previous.then(() => this.writeNow(target, token, key));
    const settled = next.catch(() => undefined);
    this.queues.set(queueKey, settled);
    void settled.then(() => {
      if (this.queues.get(queueKey) === settled) this.queues.delete(queueKey);
    });
    return next;
  }

  /** A password file may hold only a token; a .pgpass file only comments and entries (not, say, a key file given by mistake). */
  private async checkContent(target: RefresherTarget, path: string): Promise<Result<void>> {
    const content = await readFile(path, 'utf8');
    if (target.kind === 'pgpass') {
      const line = firstNonPgpassLine(content);
      if (line === undefined) return ok(undefined);
      return err('VALIDATION', `${path} does not look like a .pgpass file (line ${line} is not host:port:database:user:password); the refresher does not write into it.`, {
        hint: 'Check the path. A .pgpass file holds only such lines, comments (#) and blank lines.',
      });
    }
    if (TOKEN_FILE.test(content)) return ok(undefined);
    return err('VALIDATION', `${path} already holds something other than an IAM token; the refresher does not replace it.`, {
      hint: 'Choose a new file name (it is created with mode 0600), or remove the file first.',
    });
  }

  private async writeNow(target: RefresherTarget, token: string, key: PgpassKey | undefined): Promise<Result<void>> {
    if (/[\r\n]/.test(token) || token === '') return err('SIGNING_FAILED', 'The signed token is not a single line; nothing was written.');
    const checked = await this.check(target);
    if (!checked.ok) return checked;
    const real = await realTarget(target.path);
    if (!real.ok) return real;
    const path = real.value;
    if (target.kind === 'password-file') return this.replace(path, `${token}\n`, undefined);
    if (key === undefined) return err('INTERNAL', 'A .pgpass line needs its host, port, database and user.');
    for (let attempt = 1; ; attempt++) {
      let before: Stats | undefined;
      let content = '';
      try {
        before = await statOrUndefined(path);
        if (before !== undefined) content = await readFile(path, 'utf8');
      } catch (error) {
        return fileError(path, error);
      }
      const written = await this.replace(path, upsertPgpassEntry(content, key, token), before);
      if (written.ok || written.error.code !== 'CANCELLED') return written;
      if (attempt >= MAX_ATTEMPTS) return err('STORE_IO', `${path} kept changing while the refresher was updating it.`, { hint: 'The next refresh tries again.' });
    }
  }

  /**
   * Writes `content` to a temp file next to `path` and renames it over `path`. With `before`, the
   * rename happens only while `path` is still that file (else CANCELLED: read again).
   */
  private async replace(path: string, content: string, before: Stats | undefined): Promise<Result<void>> {
    const folder = dirname(path);
    const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    let created = false;
    try {
      const handle = await open(temp, 'wx', 0o600);
      created = true;
      try {
        await handle.chmod(0o600);
        await handle.writeFile(content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (before !== undefined) {
        const now = await statOrUndefined(path);
        if (now === undefined || now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
          return err('CANCELLED', `${path} changed while it was being updated.`);
        }
      }
      await rename(temp, path);
      created = false;
      await syncFolder(folder);
      return ok(undefined);
    } catch (error) {
      return fileError(path, error);
    } finally {
      if (created) await unlink(temp).catch(() => undefined);
    }
  }
}

/** Makes the rename durable; some file systems cannot fsync a folder, which is fine. */
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
