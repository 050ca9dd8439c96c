/**
 * Writes a refresher's token into its file. A `.pgpass` goes through the one .pgpass model
 * (files/pgpass-file.ts: this DSN's line only, the file's rules, symbolic links followed); a
 * password file holds the token and a newline, replaced atomically (files/secret-file.ts). Never
 * logs or returns the token. Writes to one path run one at a time.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RefresherTarget } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import { fileError } from '../files/file-errors';
import type { PgpassKey } from '../files/pgpass';
import { checkPgpassFile, checkReplaceable, type FileOwner, processOwner, writePgpassEntry } from '../files/pgpass-file';
import { SECRET_FILE_MODE, writeFileAtomic, writeTarget } from '../files/secret-file';

/** What the refresher needs from a writer; {@link TokenFileWriter} is the real one. */
export interface TokenFileWriterPort {
  /** Whether `target` could be written now (folder, file type, `.pgpass` rules), without writing. */
  check(target: RefresherTarget): Promise<Result<void>>;
  /** Puts `token` into `target`; `key` is required for `pgpass`. */
  write(target: RefresherTarget, token: string, key: PgpassKey | undefined): Promise<Result<void>>;
}

/** What a password file may already hold to be replaced: nothing, or one IAM token line. */
const TOKEN_FILE = /^(?:\s*|[^\s/]+\/\?\S*X-Amz-Signature=[0-9a-f]+\S*\r?\n?)$/;

/** The real writer. */
export class TokenFileWriter implements TokenFileWriterPort {
  private readonly queues = new Map<string, Promise<unknown>>();

  /** `owner`: whose files may be written, and whether modes count (not on Windows, where libpq does not check them). */
  constructor(private readonly owner: FileOwner = processOwner()) {}

  async check(target: RefresherTarget): Promise<Result<void>> {
    const checked = target.kind === 'pgpass' ? await checkPgpassFile(target.path, this.owner) : await this.checkPasswordFile(target.path);
    return checked.ok ? ok(undefined) : checked;
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

  /** A password file may hold only a token (not, say, a key file given by mistake). Answers the real file to write. */
  private async checkPasswordFile(path: string): Promise<Result<string>> {
    const target = await writeTarget(path);
    if (!target.ok) return target;
    const { real, info } = target.value;
    if (info === undefined) return ok(real);
    const rules = checkReplaceable(real, info, 'password file', this.owner);
    if (!rules.ok) return rules;
    try {
      if (TOKEN_FILE.test(await readFile(real, 'utf8'))) return ok(real);
    } catch (error) {
      return { ok: false, error: fileError(real, error) };
    }
    const created = this.owner.platform === 'win32' ? '' : ' (it is created readable by you only, mode 0600)';
    return err('VALIDATION', `${real} already holds something other than an IAM token; the refresher does not replace it.`, {
      hint: `Choose a new file name${created}, or remove the file first.`,
    });
  }

  private async writeNow(target: RefresherTarget, token: string, key: PgpassKey | undefined): Promise<Result<void>> {
    if (/[\r\n]/.test(token) || token === '') return err('SIGNING_FAILED', 'The signed token is not a single line; nothing was written.');
    if (target.kind === 'pgpass') {
      if (key === undefined) return err('INTERNAL', 'A .pgpass line needs its host, port, database and user.');
      const written = await writePgpassEntry(target.path, key, token, this.owner);
      return written.ok ? ok(undefined) : written;
    }
    const real = await this.checkPasswordFile(target.path);
    if (!real.ok) return real;
    return writeFileAtomic(real.value, `${token}\n`, { mode: SECRET_FILE_MODE });
  }
}
