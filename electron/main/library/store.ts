/**
 * Saved DSNs in a Conf / electron-store JSON file (mode 0600). Secrets (database passwords; the
 * secret access key and session token of typed keys; an SSH tunnel's password) are encrypted with
 * the OS keychain; without one they live in memory for this session only. All secrets are
 * write-only: the renderer only learns whether one is stored.
 */
import { randomUUID } from 'node:crypto';
import { type Dsn, type DsnInput, dsnFieldsOf, foldName, type SavedDsn } from '../../../shared/dsn';
import type { StoreStatus } from '../../../shared/ipc-contract';
import { type AppError, err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { SecretCipher } from '../platform/cipher';
import type { StaticSecrets } from '../credentials/types';
import { type ConfFactory, type ConfLike, ENCRYPTED_FIELD, openStoreFile, SECRET_NAMES, type SecretName, type SecretValues, type StoredDsn, type StoreFileOptions } from './store-file';
import { carrySecrets, firstNameClash, givenSecrets, ioError, nameTaken, notFound, planSecrets, SECRET_LABEL } from './store-rules';

export type { ConfFactory, ConfLike, StoreFileOptions } from './store-file';

/** The list's order: by name, ignoring case and accents (one collator: a `localeCompare` per comparison costs ~100× more). */
const byName = new Intl.Collator('en-US', { sensitivity: 'base' });

/** A DSN as it was just before a delete: its record (ciphertexts included) and session-only secrets. Main process only. */
export interface DsnSnapshot {
  readonly record: StoredDsn;
  readonly session: SecretValues;
}

/** One change of {@link DsnStorePort.putMany}: a new DSN (no id, no secrets) or new settings for a saved one. */
export interface DsnPut {
  id?: string | undefined;
  dsn: Dsn;
}

export interface DsnStoreDeps {
  /** Builds the Conf-like object (electron-store in the app, Conf in tests). */
  createConf: ConfFactory;
  /** Directory of the store file (the app's userData). */
  directory: string;
  /** File name without extension; default `dsns`. */
  name?: string | undefined;
  /** The CLI's view: see {@link openStoreFile}. */
  readOnly?: boolean | undefined;
  cipher: SecretCipher;
  clock: Clock;
  logger: Logger;
}

/**
 * The operations the app services need; {@link DsnStore} implements them. What touches the OS
 * keychain (saving a secret, reading one back, asking whether encryption works) is asynchronous.
 */
export interface DsnStorePort {
  list(): Result<SavedDsn[]>;
  get(id: string): Result<SavedDsn>;
  save(input: DsnInput): Promise<Result<SavedDsn>>;
  delete(id: string): Result<{ id: string }>;
  status(): Promise<StoreStatus>;
  passwordFor(id: string): Promise<Result<string | undefined>>;
  /** The stored secret access key and session token of a `static` DSN, decrypted. Main process only. */
  staticSecretsFor(id: string): Promise<Result<StaticSecrets>>;
  /** The stored SSH password of a saved DSN, decrypted; request-secrets.ts decides whether it applies. Main process only. */
  sshPasswordFor(id: string): Promise<Result<string | undefined>>;
  /** Everything about a saved DSN, secrets included, to {@link restore} it later. Main process only. */
  snapshot(id: string): Result<DsnSnapshot>;
  /** Puts a snapshot back with its id, date and secrets; NAME_TAKEN when its name was taken since. */
  restore(snapshot: DsnSnapshot): Result<SavedDsn>;
  /**
   * Adds and updates many DSNs in one write, all or nothing. An update keeps the id and the stored
   * secrets that still apply (as {@link save} does when no secret is typed); a new DSN has none.
   */
  putMany(puts: readonly DsnPut[]): Result<SavedDsn[]>;
}

/**
 * The DSN store. Construct once at start; a corrupt file is moved aside (see
 * {@link StoreStatus.recoveredFromCorruptFile}). `passwordFor` and `staticSecretsFor` are for the
 * main process only.
 */
export class DsnStore implements DsnStorePort {
  private readonly conf: ConfLike;
  private records: StoredDsn[];
  /** Secrets kept for this session only (no OS encryption), by DSN id. */
  private readonly sessionSecrets = new Map<string, SecretValues>();
  private readonly recoveredFromCorruptFile: string | undefined;
  /** The store file exists but cannot be read: every list and write answers this, and the file is left alone. */
  private readonly unreadable: AppError | undefined;

  constructor(private readonly deps: DsnStoreDeps) {
    const options: StoreFileOptions = {
      cwd: deps.directory,
      name: deps.name ?? 'dsns',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
    };
    const opened = openStoreFile(deps.createConf, options, deps.clock, deps.logger, deps.readOnly === true);
    this.conf = opened.conf;
    this.records = opened.dsns;
    this.recoveredFromCorruptFile = opened.recoveredFromCorruptFile;
    this.unreadable = opened.unreadable;
  }

  list(): Result<SavedDsn[]> {
    if (this.unreadable !== undefined) return { ok: false, error: this.unreadable };
    const views = this.records.map((r) => this.view(r));
    views.sort((a, b) => byName.compare(a.name, b.name));
    return ok(views);
  }

  get(id: string): Result<SavedDsn> {
    if (this.unreadable !== undefined) return { ok: false, error: this.unreadable };
    const record = this.records.find((r) => r.id === id);
    return record === undefined ? notFound(id) : ok(this.view(record));
  }

  /**
   * Creates (no id) or updates (id) a DSN. A secret given replaces the stored one (an empty string
   * or `undefined` keeps it); `clearPassword` / `clearStaticKeys` remove them. Stored typed keys are
   * kept only while the source stays `static` with the same access key id. Names are unique, ignoring case.
   */
  async save(input: DsnInput): Promise<Result<SavedDsn>> {
    // Encrypt first, then check and write without awaiting: two saves never interleave their checks.
    const encrypted = await this.encryptGiven(input);
    return this.saveNow(input, encrypted);
  }

  private saveNow(input: DsnInput, encrypted: SecretValues): Result<SavedDsn> {
    const existing = input.id === undefined ? undefined : this.records.find((r) => r.id === input.id);
    if (input.id !== undefined && existing === undefined) return notFound(input.id);
    const id = existing?.id ?? randomUUID();
    const clash = this.records.find((r) => r.id !== id && foldName(r.dsn.name) === foldName(input.name));
    if (clash !== undefined) {
      return err('VALIDATION', `A DSN named "${clash.dsn.name}" already exists.`, { fieldErrors: { name: ['Another DSN already has this name'] } });
    }
    const plan = planSecrets(existing, input, {
      session: (name) => this.sessionSecrets.get(id)?.[name],
      encrypted: (name) => encrypted[name],
    });
    if (!plan.ok) return plan;

    // Tags not given (a form without a tags field) are kept.
    const dsn: Dsn = { ...dsnFieldsOf(input), tags: input.tags ?? existing?.dsn.tags ?? [] };
    const record: StoredDsn = { id, dsn, updatedAt: this.nowIso() };
    for (const name of SECRET_NAMES) {
      const encrypted = plan.value.stored[name];
      if (encrypted !== undefined) record[ENCRYPTED_FIELD[name]] = encrypted;
    }
    const next = existing === undefined ? [...this.records, record] : this.records.map((r) => (r.id === id ? record : r));
    const written = this.write(next, 'saved');
    if (!written.ok) return written;
    const session = Object.fromEntries(Object.entries(plan.value.session).filter(([, v]) => v !== undefined));
    if (Object.keys(session).length === 0) this.sessionSecrets.delete(id);
    else this.sessionSecrets.set(id, session);
    return ok(this.view(record));
  }

  delete(id: string): Result<{ id: string }> {
    if (!this.records.some((r) => r.id === id)) return notFound(id);
    const written = this.write(
      this.records.filter((r) => r.id !== id),
      'deleted',
    );
    if (!written.ok) return written;
    this.sessionSecrets.delete(id);
    return ok({ id });
  }

  snapshot(id: string): Result<DsnSnapshot> {
    const record = this.records.find((r) => r.id === id);
    if (record === undefined) return notFound(id);
    return ok({ record, session: { ...this.sessionSecrets.get(id) } });
  }

  restore(snapshot: DsnSnapshot): Result<SavedDsn> {
    const { record, session } = snapshot;
    if (this.records.some((r) => r.id === record.id)) return err('VALIDATION', 'This DSN is saved already.', { detail: `id ${record.id}` });
    const clash = this.records.find((r) => foldName(r.dsn.name) === foldName(record.dsn.name));
    if (clash !== undefined) return nameTaken(clash.dsn.name, 'Rename or delete it, then restore again.');
    const written = this.write([...this.records, record], 'restored');
    if (!written.ok) return written;
    if (Object.keys(session).length > 0) this.sessionSecrets.set(record.id, { ...session });
    return ok(this.view(record));
  }

  putMany(puts: readonly DsnPut[]): Result<SavedDsn[]> {
    const next = [...this.records];
    const position = new Map(next.map((r, i) => [r.id, i]));
    const sessions = new Map<string, SecretValues>();
    const changed: StoredDsn[] = [];
    const updatedAt = this.nowIso();
    for (const put of puts) {
      const at = put.id === undefined ? undefined : position.get(put.id);
      if (put.id !== undefined && at === undefined) return notFound(put.id);
      const before = at === undefined ? undefined : next[at];
      const record: StoredDsn = { id: before?.id ?? randomUUID(), dsn: put.dsn, updatedAt };
      if (before === undefined || at === undefined) {
        position.set(record.id, next.length);
        next.push(record);
      } else {
        sessions.set(record.id, carrySecrets(before, record, this.sessionSecrets.get(record.id) ?? {}));
        next[at] = record;
      }
      changed.push(record);
    }
    const clash = firstNameClash(next);
    if (clash !== undefined) return nameTaken(clash, 'Choose another name.');
    const written = this.write(next, 'saved');
    if (!written.ok) return written;
    for (const [id, session] of sessions) {
      if (Object.keys(session).length === 0) this.sessionSecrets.delete(id);
      else this.sessionSecrets.set(id, session);
    }
    return ok(changed.map((r) => this.view(r)));
  }

  async status(): Promise<StoreStatus> {
    return {
      secretStorage: (await this.deps.cipher.isAvailable()) ? 'os' : 'session-only',
      recoveredFromCorruptFile: this.recoveredFromCorruptFile,
      storePath: this.conf.path,
    };
  }

  /** The stored password of a DSN (undefined when none), decrypted. Main process only. */
  passwordFor(id: string): Promise<Result<string | undefined>> {
    return this.secretFor(id, 'password');
  }

  /** The stored typed keys' secrets of a DSN (each undefined when none), decrypted. Main process only. */
  async staticSecretsFor(id: string): Promise<Result<StaticSecrets>> {
    const secretAccessKey = await this.secretFor(id, 'secretAccessKey');
    if (!secretAccessKey.ok) return secretAccessKey;
    const sessionToken = await this.secretFor(id, 'sessionToken');
    if (!sessionToken.ok) return sessionToken;
    return ok({ secretAccessKey: secretAccessKey.value, sessionToken: sessionToken.value });
  }

  /** The stored SSH password of a DSN (undefined when none), decrypted. Main process only. */
  sshPasswordFor(id: string): Promise<Result<string | undefined>> {
    return this.secretFor(id, 'sshPassword');
  }

  private async secretFor(id: string, name: SecretName): Promise<Result<string | undefined>> {
    const session = this.sessionSecrets.get(id)?.[name];
    if (session !== undefined) return ok(session);
    const record = this.records.find((r) => r.id === id);
    if (record === undefined) return notFound(id);
    const encrypted = record[ENCRYPTED_FIELD[name]];
    if (encrypted === undefined) return ok(undefined);
    try {
      if (!(await this.deps.cipher.isAvailable())) throw new Error('OS encryption unavailable');
      return ok(await this.deps.cipher.decrypt(Buffer.from(encrypted, 'base64')));
    } catch {
      return err('STORE_IO', `The stored ${SECRET_LABEL[name]} cannot be decrypted on this system now.`, {
        hint: `The OS keychain is not available or has changed. Enter the ${SECRET_LABEL[name]} again and save the DSN.`,
      });
    }
  }

  /** Base64 ciphertexts of the secrets a save replaces; a secret that cannot be encrypted stays in memory for this session (absent here). */
  private async encryptGiven(input: DsnInput): Promise<SecretValues> {
    const given = Object.entries(givenSecrets(input)) as Array<[SecretName, string]>;
    const out: SecretValues = {};
    if (given.length === 0 || !(await this.deps.cipher.isAvailable())) return out;
    for (const [name, plain] of given) {
      try {
        out[name] = (await this.deps.cipher.encrypt(plain)).toString('base64');
      } catch (error) {
        this.deps.logger.warn('Encrypting a secret failed; keeping it for this session only', { id: input.id, field: name, reason: error instanceof Error ? error.name : 'unknown' });
      }
    }
    return out;
  }

  private write(next: StoredDsn[], action: string): Result<true> {
    if (this.unreadable !== undefined) return { ok: false, error: this.unreadable };
    try {
      this.conf.set('version', 1);
      this.conf.set('dsns', next);
    } catch (error) {
      this.deps.logger.error('Writing the store file failed', { path: this.conf.path, reason: error instanceof Error ? error.name : 'unknown' });
      return ioError(action, this.conf.path, error);
    }
    this.records = next;
    return ok(true);
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private view(record: StoredDsn): SavedDsn {
    const session = this.sessionSecrets.get(record.id) ?? {};
    const has = (name: SecretName): boolean => session[name] !== undefined || record[ENCRYPTED_FIELD[name]] !== undefined;
    return {
      ...record.dsn,
      id: record.id,
      hasPassword: has('password'),
      passwordSessionOnly: session.password !== undefined,
      hasSecretAccessKey: has('secretAccessKey'),
      hasSessionToken: has('sessionToken'),
      hasSshPassword: has('sshPassword'),
      updatedAt: record.updatedAt,
    };
  }
}
