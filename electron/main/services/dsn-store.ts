/**
 * Saved DSNs in a Conf / electron-store JSON file (mode 0600). Secrets (database passwords; the
 * secret access key and session token of typed keys) are encrypted with the OS keychain; without
 * one they live in memory for this session only. All secrets are write-only: the renderer only
 * learns whether one is stored.
 */
import { randomUUID } from 'node:crypto';
import type { DsnInput, SavedDsn } from '../../../shared/dsn';
import type { StoreStatus } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock, Logger, SecretCipher } from '../ports';
import type { StaticSecrets } from './credentials';
import { type ConfFactory, type ConfLike, ENCRYPTED_FIELD, openStoreFile, SECRET_NAMES, type SecretName, type SecretValues, type StoredDsn, type StoreFileOptions } from './dsn-store-file';
import { toDsn } from './request-validation';

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
  /** The stored secret access key and session token of a `static` DSN, decrypted. Main process only. */
  staticSecretsFor(id: string): Result<StaticSecrets>;
}

/** What a save writes: ciphertexts for the record, plain texts for this session only. */
interface SecretPlan {
  stored: SecretValues;
  session: SecretValues;
}

const SECRET_LABEL: Record<SecretName, string> = { password: 'password', secretAccessKey: 'secret access key', sessionToken: 'session token' };

function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en-US');
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function ioError<T>(action: string, error: unknown): Result<T> {
  const code = error instanceof Error && 'code' in error ? String(error.code) : error instanceof Error ? error.name : 'unknown';
  return err('STORE_IO', `The DSN could not be ${action}: the store file cannot be written (${code}).`, {
    hint: 'Check free disk space and the permissions of the app data folder.',
  });
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
   * Creates (no id) or updates (id) a DSN. A secret given replaces the stored one (an empty string
   * or `undefined` keeps it); `clearPassword` / `clearStaticKeys` remove them. Stored typed keys are
   * kept only while the source stays `static` with the same access key id. Names are unique, ignoring case.
   */
  save(input: DsnInput): Result<SavedDsn> {
    const existing = input.id === undefined ? undefined : this.records.find((r) => r.id === input.id);
    if (input.id !== undefined && existing === undefined) return notFound(input.id);
    const id = existing?.id ?? randomUUID();
    const clash = this.records.find((r) => r.id !== id && nameKey(r.dsn.name) === nameKey(input.name));
    if (clash !== undefined) {
      return err('VALIDATION', `A DSN named "${clash.dsn.name}" already exists.`, { fieldErrors: { name: ['Another DSN already has this name'] } });
    }
    const plan = this.planSecrets(existing, id, input);
    if (!plan.ok) return plan;

    const record: StoredDsn = { id, dsn: toDsn(input), updatedAt: new Date(this.deps.clock.now()).toISOString() };
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

  status(): StoreStatus {
    return {
      secretStorage: this.deps.cipher.isAvailable() ? 'os' : 'session-only',
      recoveredFromCorruptFile: this.recoveredFromCorruptFile,
      storePath: this.conf.path,
    };
  }

  /** The stored password of a DSN (undefined when none), decrypted. Main process only. */
  passwordFor(id: string): Result<string | undefined> {
    return this.secretFor(id, 'password');
  }

  /** The stored typed keys' secrets of a DSN (each undefined when none), decrypted. Main process only. */
  staticSecretsFor(id: string): Result<StaticSecrets> {
    const secretAccessKey = this.secretFor(id, 'secretAccessKey');
    if (!secretAccessKey.ok) return secretAccessKey;
    const sessionToken = this.secretFor(id, 'sessionToken');
    if (!sessionToken.ok) return sessionToken;
    return ok({ secretAccessKey: secretAccessKey.value, sessionToken: sessionToken.value });
  }

  private secretFor(id: string, name: SecretName): Result<string | undefined> {
    const session = this.sessionSecrets.get(id)?.[name];
    if (session !== undefined) return ok(session);
    const record = this.records.find((r) => r.id === id);
    if (record === undefined) return notFound(id);
    const encrypted = record[ENCRYPTED_FIELD[name]];
    if (encrypted === undefined) return ok(undefined);
    try {
      if (!this.deps.cipher.isAvailable()) throw new Error('OS encryption unavailable');
      return ok(this.deps.cipher.decrypt(Buffer.from(encrypted, 'base64')));
    } catch {
      return err('STORE_IO', `The stored ${SECRET_LABEL[name]} cannot be decrypted on this system now.`, {
        hint: `The OS keychain is not available or has changed. Enter the ${SECRET_LABEL[name]} again and save the DSN.`,
      });
    }
  }

  /** Which secrets the saved record keeps, replaces or drops, and where each one lives. */
  private planSecrets(existing: StoredDsn | undefined, id: string, input: DsnInput): Result<SecretPlan> {
    const plan: SecretPlan = { stored: {}, session: {} };
    const keep = (name: SecretName): void => {
      const encrypted = existing?.[ENCRYPTED_FIELD[name]];
      if (encrypted !== undefined) plan.stored[name] = encrypted;
      const session = this.sessionSecrets.get(id)?.[name];
      if (session !== undefined) plan.session[name] = session;
    };
    const put = (name: SecretName, plain: string): void => {
      const encrypted = this.encrypt(id, name, plain);
      plan.stored[name] = encrypted;
      plan.session[name] = encrypted === undefined ? plain : undefined;
    };

    if (input.clearPassword !== true) keep('password');
    if (input.password !== undefined && input.password !== '') put('password', input.password);

    const source = input.credentialSource;
    if (source.kind !== 'static') return ok(plan); // typed keys are dropped with the source
    const before = existing?.dsn.credentialSource;
    const sameKey = before?.kind === 'static' && before.accessKeyId === source.accessKeyId;
    if (sameKey && input.clearStaticKeys !== true) {
      keep('secretAccessKey');
      keep('sessionToken');
    }
    const secret = nonEmpty(input.secretAccessKey);
    if (secret !== undefined) put('secretAccessKey', secret);
    const token = nonEmpty(input.sessionToken);
    if (token !== undefined) put('sessionToken', token);
    if (input.authType === 'iam' && plan.stored.secretAccessKey === undefined && plan.session.secretAccessKey === undefined) {
      return err('VALIDATION', 'Secret access key is required for typed keys.', { fieldErrors: { secretAccessKey: ['Secret access key is required for typed keys'] } });
    }
    return ok(plan);
  }

  /** Base64 ciphertext, or undefined when the secret must stay in memory for this session. */
  private encrypt(id: string, name: SecretName, plain: string): string | undefined {
    if (!this.deps.cipher.isAvailable()) return undefined;
    try {
      return this.deps.cipher.encrypt(plain).toString('base64');
    } catch (error) {
      this.deps.logger.warn('Encrypting a secret failed; keeping it for this session only', { id, field: name, reason: error instanceof Error ? error.name : 'unknown' });
      return undefined;
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
    const session = this.sessionSecrets.get(record.id) ?? {};
    const has = (name: SecretName): boolean => session[name] !== undefined || record[ENCRYPTED_FIELD[name]] !== undefined;
    return {
      ...record.dsn,
      id: record.id,
      hasPassword: has('password'),
      passwordSessionOnly: session.password !== undefined,
      hasSecretAccessKey: has('secretAccessKey'),
      hasSessionToken: has('sessionToken'),
      updatedAt: record.updatedAt,
    };
  }
}

function notFound<T>(id: string): Result<T> {
  return err('NOT_FOUND', 'This DSN is not saved (it may have been deleted).', { detail: `id ${id}` });
}
