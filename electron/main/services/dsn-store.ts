/**
 * Saved DSNs in a Conf / electron-store JSON file (mode 0600). Database passwords are encrypted
 * with the OS keychain; without one they live in memory for this session only.
 */
import { randomUUID } from 'node:crypto';
import type { Dsn, DsnInput, SavedDsn } from '../../../shared/dsn';
import type { StoreStatus } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock, Logger, SecretCipher } from '../ports';
import { type ConfFactory, type ConfLike, openStoreFile, type StoredDsn, type StoreFileOptions } from './dsn-store-file';

export type { ConfFactory, ConfLike, StoreFileOptions } from './dsn-store-file';

export interface DsnStoreDeps {
  /** Builds the Conf-like object (electron-store in the app, Conf in tests). */
  createConf: ConfFactory;
  /** Directory of the store file (the app's userData). */
  directory: string;
  /** File name without extension; default `dsns`. */
  name?: string;
  cipher: SecretCipher;
  clock: Clock;
  logger: Logger;
}

/** The operations the IPC handlers and the tester need; {@link DsnStore} implements them. */
export interface DsnStorePort {
  list(): Result<SavedDsn[]>;
  get(id: string): Result<SavedDsn>;
  save(input: DsnInput): Result<SavedDsn>;
  delete(id: string): Result<{ id: string }>;
  status(): StoreStatus;
  passwordFor(id: string): Result<string | undefined>;
}

function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en-US');
}

function toDsn(input: DsnInput): Dsn {
  const { id: _id, password: _password, clearPassword: _clear, ...dsn } = input;
  return dsn;
}

function ioError<T>(action: string, error: unknown): Result<T> {
  const code = error instanceof Error && 'code' in error ? String(error.code) : error instanceof Error ? error.name : 'unknown';
  return err('STORE_IO', `The DSN could not be ${action}: the store file cannot be written (${code}).`, {
    hint: 'Check free disk space and the permissions of the app data folder.',
  });
}

/**
 * The DSN store. Construct once at start; a corrupt file is moved aside (see
 * {@link StoreStatus.recoveredFromCorruptFile}). `passwordFor` is for the main process only.
 */
export class DsnStore implements DsnStorePort {
  private readonly conf: ConfLike;
  private records: StoredDsn[];
  private readonly sessionPasswords = new Map<string, string>();
  private readonly recoveredFromCorruptFile: string | undefined;

  constructor(private readonly deps: DsnStoreDeps) {
    const options: StoreFileOptions = {
      cwd: deps.directory,
      name: deps.name ?? 'dsns',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
    };
    const opened = openStoreFile(deps.createConf, options, deps.clock, deps.logger);
    this.conf = opened.conf;
    this.records = opened.dsns;
    this.recoveredFromCorruptFile = opened.recoveredFromCorruptFile;
  }

  list(): Result<SavedDsn[]> {
    const views = this.records.map((r) => this.view(r));
    views.sort((a, b) => a.name.localeCompare(b.name, 'en-US', { sensitivity: 'base' }));
    return ok(views);
  }

  get(id: string): Result<SavedDsn> {
    const record = this.records.find((r) => r.id === id);
    return record === undefined ? notFound(id) : ok(this.view(record));
  }

  /**
   * Creates (no id) or updates (id) a DSN. `password` replaces the stored one (an empty string
   * or `undefined` keeps it), `clearPassword` removes it. Names are unique, ignoring case.
   */
  save(input: DsnInput): Result<SavedDsn> {
    const existing = input.id === undefined ? undefined : this.records.find((r) => r.id === input.id);
    if (input.id !== undefined && existing === undefined) return notFound(input.id);
    const id = existing?.id ?? randomUUID();
    const clash = this.records.find((r) => r.id !== id && nameKey(r.dsn.name) === nameKey(input.name));
    if (clash !== undefined) {
      return err('VALIDATION', `A DSN named "${clash.dsn.name}" already exists.`, { fieldErrors: { name: ['Another DSN already has this name'] } });
    }

    let passwordEncrypted = existing?.passwordEncrypted;
    let sessionPassword = this.sessionPasswords.get(id);
    if (input.clearPassword === true) {
      passwordEncrypted = undefined;
      sessionPassword = undefined;
    } else if (input.password !== undefined && input.password !== '') {
      if (this.deps.cipher.isAvailable()) {
        try {
          passwordEncrypted = this.deps.cipher.encrypt(input.password).toString('base64');
          sessionPassword = undefined;
        } catch (error) {
          this.deps.logger.warn('Encrypting a password failed; keeping it for this session only', { id, reason: error instanceof Error ? error.name : 'unknown' });
          passwordEncrypted = undefined;
          sessionPassword = input.password;
        }
      } else {
        passwordEncrypted = undefined;
        sessionPassword = input.password;
      }
    }

    const record: StoredDsn = { id, dsn: toDsn(input), updatedAt: new Date(this.deps.clock.now()).toISOString(), passwordEncrypted };
    if (record.passwordEncrypted === undefined) delete record.passwordEncrypted;
    const next = existing === undefined ? [...this.records, record] : this.records.map((r) => (r.id === id ? record : r));
    const written = this.write(next, 'saved');
    if (!written.ok) return written;
    if (sessionPassword === undefined) this.sessionPasswords.delete(id);
    else this.sessionPasswords.set(id, sessionPassword);
    return ok(this.view(record));
  }

  delete(id: string): Result<{ id: string }> {
    if (!this.records.some((r) => r.id === id)) return notFound(id);
    const written = this.write(
      this.records.filter((r) => r.id !== id),
      'deleted',
    );
    if (!written.ok) return written;
    this.sessionPasswords.delete(id);
    return ok({ id });
  }

  status(): StoreStatus {
    return {
      secretStorage: this.deps.cipher.isAvailable() ? 'os' : 'session-only',
      recoveredFromCorruptFile: this.recoveredFromCorruptFile,
      storePath: this.conf.path,
    };
  }

  /** The stored password of a DSN (undefined when none), decrypted. Main process only. */
  passwordFor(id: string): Result<string | undefined> {
    const session = this.sessionPasswords.get(id);
    if (session !== undefined) return ok(session);
    const record = this.records.find((r) => r.id === id);
    if (record === undefined) return notFound(id);
    if (record.passwordEncrypted === undefined) return ok(undefined);
    try {
      if (!this.deps.cipher.isAvailable()) throw new Error('OS encryption unavailable');
      return ok(this.deps.cipher.decrypt(Buffer.from(record.passwordEncrypted, 'base64')));
    } catch {
      return err('STORE_IO', 'The stored password cannot be decrypted on this system now.', {
        hint: 'The OS keychain is not available or has changed. Enter the password again and save the DSN.',
      });
    }
  }

  private write(next: StoredDsn[], action: string): Result<true> {
    try {
      this.conf.set('version', 1);
      this.conf.set('dsns', next);
    } catch (error) {
      this.deps.logger.error('Writing the store file failed', { path: this.conf.path, reason: error instanceof Error ? error.name : 'unknown' });
      return ioError(action, error);
    }
    this.records = next;
    return ok(true);
  }

  private view(record: StoredDsn): SavedDsn {
    const inSession = this.sessionPasswords.has(record.id);
    return {
      ...record.dsn,
      id: record.id,
      hasPassword: inSession || record.passwordEncrypted !== undefined,
      passwordSessionOnly: inSession,
      updatedAt: record.updatedAt,
    };
  }
}

function notFound<T>(id: string): Result<T> {
  return err('NOT_FOUND', 'This DSN is not saved (it may have been deleted).', { detail: `id ${id}` });
}
